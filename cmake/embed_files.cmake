# akichi_embed_files(NAME OUT_CPP "key=path" ...): generates OUT_CPP at build time, defining
# akichi::embedded_files() (sim/serve/assets.h) with the bytes of each file under its key. The
# file is regenerated when any input changes.
set(AKICHI_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_files_run.cmake)
function(akichi_embed_files name out_cpp)
  set(deps)
  foreach(entry IN LISTS ARGN)
    string(REGEX REPLACE "^[^=]*=" "" path "${entry}")
    list(APPEND deps "${path}")
  endforeach()
  string(REPLACE ";" "|" entries "${ARGN}")
  add_custom_command(
    OUTPUT ${out_cpp}
    COMMAND ${CMAKE_COMMAND} "-DOUT=${out_cpp}" "-DENTRIES=${entries}" -P ${AKICHI_EMBED_SCRIPT}
    DEPENDS ${deps} ${AKICHI_EMBED_SCRIPT}
    COMMENT "Embedding ${name}"
    VERBATIM)
endfunction()
