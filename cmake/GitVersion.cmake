# Generates build/generated/akichi_version.h with the project version and the git SHA of the
# source tree. The SHA is re-read at every build, so a rebuilt binary always names its commit.
set(AKICHI_VERSION_DIR "${CMAKE_BINARY_DIR}/generated")
file(MAKE_DIRECTORY "${AKICHI_VERSION_DIR}")
add_custom_target(akichi_version_header
  COMMAND ${CMAKE_COMMAND}
          -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
          -DOUTPUT=${AKICHI_VERSION_DIR}/akichi_version.h
          -DVERSION=${PROJECT_VERSION}
          -P ${CMAKE_SOURCE_DIR}/cmake/WriteVersion.cmake
  BYPRODUCTS ${AKICHI_VERSION_DIR}/akichi_version.h
  COMMENT "Reading git SHA")
add_library(akichi_version INTERFACE)
target_include_directories(akichi_version INTERFACE "${AKICHI_VERSION_DIR}")
add_dependencies(akichi_version akichi_version_header)
