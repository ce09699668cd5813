#include <cstdio>

#include "akichi_version.h"

int main() {
  std::printf("akichi %s (%s)\n", AKICHI_VERSION, AKICHI_GIT_SHA);
  return 0;
}
