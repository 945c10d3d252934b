# One static library per layer (docs/architecture.md), built from every .cpp in its folder.
# Dependencies are declared explicitly and point downward only.
# EXCLUDE takes a regular expression of sources that belong to another library; RECURSE takes
# the sources of subfolders too (tools/ keeps its framework and one folder per tier).
function(kubemcp_layer name)
  cmake_parse_arguments(L "RECURSE" "EXCLUDE" "PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  if(L_RECURSE)
    file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${name}/*.cpp)
  else()
    file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${name}/*.cpp)
  endif()
  if(L_EXCLUDE)
    list(FILTER sources EXCLUDE REGEX "${L_EXCLUDE}")
  endif()
  if(NOT sources)
    # A layer whose folder has no code yet is a header-free interface target.
    add_library(kubemcp_${name} INTERFACE)
    target_include_directories(kubemcp_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(kubemcp_${name} INTERFACE ${L_PUBLIC_DEPS})
    return()
  endif()
  add_library(kubemcp_${name} STATIC ${sources})
  target_include_directories(kubemcp_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(kubemcp_${name} PUBLIC ${L_PUBLIC_DEPS} PRIVATE ${L_PRIVATE_DEPS})
endfunction()
