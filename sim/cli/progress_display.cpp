#include "sim/cli/progress_display.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace akichi::sim::cli {
namespace {

std::string clock_text(double seconds) {
  const long s = std::lround(std::max(seconds, 0.0));
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
                   : fmt::format("{:02}:{:02}", s / 60, s % 60);
}

}  // namespace

ConsoleProgress::ConsoleProgress(std::FILE* out, bool interactive, bool quiet)
    : out_(out), interactive_(interactive), quiet_(quiet) {}

void ConsoleProgress::stage(const std::string& name, std::size_t total) {
  std::lock_guard lock(mutex_);
  name_ = name;
  total_ = total;
  done_ = 0;
  start_ = last_draw_ = Clock::now();
  last_decile_ = -1;
  if (quiet_) return;
  if (interactive_) {
    draw(false);
  } else {
    fmt::print(out_, "{}: started{}\n", name_, total_ ? fmt::format(" ({} units)", total_) : "");
    std::fflush(out_);
  }
}

void ConsoleProgress::advance(std::size_t units) {
  const std::size_t now_done = done_.fetch_add(units) + units;
  if (quiet_ || total_ == 0) return;
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;  // another thread is drawing; skip this update
  if (interactive_) {
    if (Clock::now() - last_draw_ >= std::chrono::milliseconds(100)) draw(false);
  } else {
    const int decile = static_cast<int>(10 * now_done / total_);
    if (decile > last_decile_ && decile < 10) {
      last_decile_ = decile;
      const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
      const double frac = static_cast<double>(now_done) / total_;
      fmt::print(out_, "{}: {:3.0f}%  elapsed {}  ETA {}\n", name_, 100 * frac, clock_text(elapsed),
                 clock_text(frac > 0 ? elapsed * (1 - frac) / frac : 0));
      std::fflush(out_);
    }
  }
}

void ConsoleProgress::done() {
  std::lock_guard lock(mutex_);
  if (quiet_) return;
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  if (interactive_) {
    draw(true);
  } else {
    fmt::print(out_, "{}: done in {:.2f} s\n", name_, elapsed);
    std::fflush(out_);
  }
}

void ConsoleProgress::note(const std::string& line) {
  std::lock_guard lock(mutex_);
  if (interactive_ && !quiet_) fmt::print(out_, "\r\033[K");
  fmt::print(out_, "{}\n", line);
  std::fflush(out_);
}

// Caller holds mutex_.
void ConsoleProgress::draw(bool final_line) {
  last_draw_ = Clock::now();
  const double elapsed = std::chrono::duration<double>(last_draw_ - start_).count();
  std::string line = fmt::format("{:<20}", name_);
  if (total_ > 0) {
    const double frac = std::min(1.0, static_cast<double>(done_.load()) / total_);
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(frac * kWidth);
    line += fmt::format("[{}{}]", std::string(filled, '#'), std::string(kWidth - filled, '-'));
    line += fmt::format(" {:3.0f}%", 100 * frac);
    if (final_line) {
      line += fmt::format("  {:.2f} s", elapsed);
    } else {
      line +=
          fmt::format("  ETA {}", frac > 0.01 ? clock_text(elapsed * (1 - frac) / frac) : "--:--");
    }
  } else if (final_line) {
    line += fmt::format("done in {:.2f} s", elapsed);
  }
  fmt::print(out_, "\r\033[K{}{}", line, final_line ? "\n" : "");
  std::fflush(out_);
}

}  // namespace akichi::sim::cli
