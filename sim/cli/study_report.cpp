// `akichi report`: the study report of a results file as one self-contained HTML file
// (viz/study_report.h), and printed to PDF by Debian's headless chromium.
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "base/errors.h"
#include "sim/cli/commands.h"
#include "sim/cli/output_guard.h"
#include "sim/results/file_check.h"
#include "viz/output_file.h"
#include "viz/study_report.h"

namespace akichi::sim::cli {

namespace {

namespace fs = std::filesystem;

/// How long chromium may take to print the report before it is stopped.
constexpr auto kChromiumTimeout = std::chrono::seconds(180);

bool executable(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

/// chromium: --chromium PATH when given (InputError when it is not an executable file), else
/// "chromium" or "chromium-browser" on PATH (RuntimeError when neither is there).
std::string find_chromium(const std::string& given) {
  if (!given.empty()) {
    if (!executable(given))
      throw InputError(format_input_error({}, "--chromium", "'" + given + "'",
                                          "the path of an executable chromium"));
    return given;
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "";
  for (const char* name : {"chromium", "chromium-browser"}) {
    std::size_t start = 0;
    while (start <= dirs.size()) {
      const std::size_t end = std::min(dirs.find(':', start), dirs.size());
      const fs::path dir = dirs.substr(start, end - start);
      if (!dir.empty() && executable(dir / name)) return (dir / name).string();
      start = end + 1;
    }
  }
  throw RuntimeError(
      "--pdf: chromium is not on PATH (Debian's package chromium prints the report; or give "
      "--chromium PATH)");
}

/// A temporary folder (chromium's profile), removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "akichi-chromium-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr)
      throw RuntimeError("cannot make a temporary folder for chromium's profile: " +
                         std::string(std::strerror(errno)));
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// The last lines of chromium's output, for the message of a failure.
std::string tail_of(const fs::path& log) {
  std::ifstream in(log);
  std::string line, out;
  std::vector<std::string> lines;
  while (std::getline(in, line))
    if (!line.empty()) lines.push_back(line);
  for (std::size_t i = lines.size() > 4 ? lines.size() - 4 : 0; i < lines.size(); ++i)
    out += (out.empty() ? "" : " | ") + lines[i];
  return out;
}

/// Prints the HTML file `html` to the PDF `pdf` (written under a temporary name and renamed)
/// with headless chromium: a profile of its own in a temporary folder, no network needed (the
/// report embeds everything), --no-sandbox only when running as root (chromium refuses root
/// otherwise).
void print_pdf(const std::string& chromium, const fs::path& html, const std::string& pdf) {
  const TempDir profile;
  const fs::path log = profile.path() / "chromium.log";
  viz::TempOutput out{fs::path(pdf)};
  std::vector<std::string> args{chromium,
                                "--headless",
                                "--disable-gpu",
                                "--no-first-run",
                                "--no-default-browser-check",
                                "--disable-extensions",
                                "--disable-background-networking",
                                "--no-pdf-header-footer",
                                "--user-data-dir=" + profile.path().string(),
                                "--print-to-pdf=" + out.temp().string()};
  if (::geteuid() == 0) args.insert(args.begin() + 1, "--no-sandbox");
  args.push_back("file://" + fs::absolute(html).string());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0)
    throw RuntimeError("--pdf: cannot start chromium: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
      ::close(fd);
    }
    const int null = ::open("/dev/null", O_RDONLY);
    if (null >= 0) ::dup2(null, STDIN_FILENO);
    ::setpgid(0, 0);  // its own process group: a timeout stops chromium and its helpers
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + kChromiumTimeout;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR)
      throw RuntimeError("--pdf: waiting for chromium: " + std::string(std::strerror(errno)));
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      throw RuntimeError(fmt::format("--pdf: chromium did not print {} within {} s", pdf,
                                     kChromiumTimeout.count()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Helpers chromium left in its group end with it.
  ::kill(-pid, SIGKILL);
  std::error_code ec;
  const bool printed = fs::file_size(out.temp(), ec) > 0 && !ec;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !printed) {
    const std::string why =
        WIFEXITED(status) && WEXITSTATUS(status) == 127 ? "could not be run"
        : WIFEXITED(status)   ? fmt::format("exited with status {}", WEXITSTATUS(status))
        : WIFSIGNALED(status) ? fmt::format("was killed by signal {}", WTERMSIG(status))
                              : std::string("failed");
    const std::string tail = tail_of(log);
    throw RuntimeError(fmt::format("--pdf: chromium ({}) {}{}{}", chromium,
                                   printed ? why : why + " without printing a PDF",
                                   tail.empty() ? "" : ": ", tail));
  }
  {
    // A PDF begins with its header: anything else is not one.
    std::ifstream in(out.temp(), std::ios::binary);
    char head[5] = {};
    in.read(head, 5);
    if (std::string(head, 5) != "%PDF-")
      throw RuntimeError("--pdf: chromium (" + chromium + ") wrote a file that is not a PDF");
  }
  out.commit();
}

}  // namespace

int command_report(const ReportOptions& opts) {
  const fs::path html = viz::check_output_path(opts.output, {".html", ".htm"}, "-o");
  require_regular_input(opts.results, "results");
  refuse_output_onto_input(opts.output, {opts.results}, "-o", "the results file reported");
  std::string chromium;
  if (!opts.pdf.empty()) {
    viz::check_output_path(opts.pdf, {".pdf"}, "--pdf");
    refuse_output_onto_input(opts.pdf, {opts.results}, "--pdf", "the results file reported");
    if (fs::absolute(opts.pdf).lexically_normal() == fs::absolute(html).lexically_normal())
      throw InputError(format_input_error({}, "--pdf", "'" + opts.pdf + "'",
                                          "a file other than the HTML output"));
    chromium = find_chromium(opts.chromium);
  } else if (!opts.chromium.empty()) {
    throw InputError(format_input_error({}, "--chromium", "'" + opts.chromium + "'",
                                        "no --chromium without --pdf"));
  }
  viz::ReportOptions ro;
  ro.variant = opts.variant;
  for (const std::string& p : opts.points) ro.points.push_back(viz::parse_report_point(p));
  clear_stale_temporaries(opts.output);
  if (!opts.pdf.empty()) clear_stale_temporaries(opts.pdf);
  results::check_results_file(opts.results);
  const std::string doc = viz::study_report_html(opts.results, ro);
  {
    viz::TempOutput out{html};
    std::ofstream f(out.temp(), std::ios::binary);
    f.write(doc.data(), static_cast<std::streamsize>(doc.size()));
    f.close();
    if (!f)
      throw RuntimeError("cannot write " + out.temp().string() + ": " +
                         std::string(std::strerror(errno)));
    out.commit();
  }
  fmt::print("{}: study report of {} ({:.1f} MiB)\n", opts.output, opts.results,
             static_cast<double>(doc.size()) / (1024.0 * 1024.0));
  if (!opts.pdf.empty()) {
    print_pdf(chromium, html, opts.pdf);
    fmt::print("{}: printed by {}\n", opts.pdf, chromium);
  }
  return 0;
}

}  // namespace akichi::sim::cli
