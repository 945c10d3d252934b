# Third-party libraries linked statically into the release `kubemcp` executable.
#
# Why: the performance targets (docs/benchmarks.md) ask for tools/list answered within 10 ms of start and an idle RSS under
# 10 MB. Most of both goes to the dynamic loader: every shared library costs mapping, symbol
# lookup and relocation at each start (OpenSSL ~3.7 ms, libarchive and its chain — libxml2, ICU,
# nettle, lzma, zstd, lz4, bz2, acl — ~3.2 ms), and each keeps resident pages of its own. Linked
# from the static archives, only the objects kubemcp uses are copied in, relocated once.
# spdlog and fmt, which Debian ships shared only, are compiled in from their headers, and then
# libstdc++ is linked statically too: the executable loads libc and libm alone.
# Trade-off: a security fix to OpenSSL (or any of the others, libstdc++ included) reaches kubemcp
# only when it is rebuilt, not when the distribution's library is upgraded (README, "Quick
# start").
#
# Only the kubemcp executable links this way (it sets the KUBEMCP_STATIC_DEPS target property);
# test executables keep the shared libraries, which link far faster. The sanitizer and fuzz trees
# turn the option off. An archive that is missing falls back to the shared library.
#
# Layers link kubemcp::<name> targets instead of the packages' imported targets; each chooses,
# per executable, between the static archives and the shared target.

set(kubemcp_static_default OFF)
if(CMAKE_BUILD_TYPE STREQUAL "Release" AND NOT KUBEMCP_SANITIZE AND NOT KUBEMCP_FUZZ)
  set(kubemcp_static_default ON)
endif()
option(KUBEMCP_STATIC_DEPS "Link third-party libraries statically into the kubemcp executable"
  ${kubemcp_static_default})

set(kubemcp_is_static "$<BOOL:$<TARGET_PROPERTY:KUBEMCP_STATIC_DEPS>>")

# kubemcp_find_archives(<out> <lib>...): the paths of lib<lib>.a in order, or "" when any is
# missing.
function(kubemcp_find_archives out)
  set(paths "")
  foreach(lib IN LISTS ARGN)
    find_library(KUBEMCP_ARCHIVE_${lib} NAMES lib${lib}.a)
    if(NOT KUBEMCP_ARCHIVE_${lib})
      message(STATUS "kubemcp: lib${lib}.a not found; its shared library is used")
      set(${out} "" PARENT_SCOPE)
      return()
    endif()
    list(APPEND paths ${KUBEMCP_ARCHIVE_${lib}})
  endforeach()
  set(${out} ${paths} PARENT_SCOPE)
endfunction()

# kubemcp_dep(<name> <shared target> ARCHIVES <lib>... [NEEDS <item>...]): defines
# kubemcp::<name>, the static archives (followed by what they need, NEEDS) in executables with
# KUBEMCP_STATIC_DEPS set, <shared target> elsewhere.
function(kubemcp_dep name shared)
  cmake_parse_arguments(D "" "" "ARCHIVES;NEEDS" ${ARGN})
  add_library(kubemcp_dep_${name} INTERFACE)
  add_library(kubemcp::${name} ALIAS kubemcp_dep_${name})
  set(archives "")
  if(KUBEMCP_STATIC_DEPS)
    kubemcp_find_archives(archives ${D_ARCHIVES})
  endif()
  if(NOT archives)
    target_link_libraries(kubemcp_dep_${name} INTERFACE ${shared})
    return()
  endif()
  foreach(item IN LISTS archives D_NEEDS)
    target_link_libraries(kubemcp_dep_${name} INTERFACE "$<${kubemcp_is_static}:${item}>")
  endforeach()
  target_link_libraries(kubemcp_dep_${name} INTERFACE "$<$<NOT:${kubemcp_is_static}>:${shared}>")
endfunction()

# kubemcp_archive_needs(<out> <lib>...): for libraries a static archive needs but kubemcp does
# not use itself, lib<lib>.a when there is one, else the shared library (the -dev package's
# lib<lib>.so, or the runtime's lib<lib>.so.1 when no -dev package is installed), or "" when
# one is missing. ICU is looked up shared only: libicuuc.a needs libicudata.a, 30 MB of tables.
function(kubemcp_archive_needs out)
  set(items "")
  foreach(lib IN LISTS ARGN)
    find_library(KUBEMCP_NEED_${lib} NAMES lib${lib}.a ${lib} lib${lib}.so.1)
    if(NOT KUBEMCP_NEED_${lib})
      message(STATUS "kubemcp: lib${lib} not found; libarchive is linked shared")
      set(${out} "" PARENT_SCOPE)
      return()
    endif()
    list(APPEND items ${KUBEMCP_NEED_${lib}})
  endforeach()
  set(${out} ${items} PARENT_SCOPE)
endfunction()

kubemcp_dep(crypto OpenSSL::Crypto ARCHIVES crypto NEEDS ${CMAKE_DL_LIBS} Threads::Threads)
kubemcp_dep(ssl OpenSSL::SSL ARCHIVES ssl NEEDS kubemcp::crypto)
kubemcp_dep(zlib ZLIB::ZLIB ARCHIVES z)
kubemcp_dep(boost_json Boost::json ARCHIVES boost_json boost_container)
kubemcp_dep(boost_url Boost::url ARCHIVES boost_url)
kubemcp_dep(yaml_cpp yaml-cpp ARCHIVES yaml-cpp)

# libarchive.a needs what `pkg-config --static --libs libarchive` lists, and libxml2.a needs ICU.
# Only the objects kubemcp uses are pulled in: libarchive's tar reader needs none of them (ICU
# came with its writers, hence kube/tar_writer), and --as-needed drops the shared ones unused.
set(kubemcp_archive_needs_list "")
if(KUBEMCP_STATIC_DEPS)
  kubemcp_archive_needs(kubemcp_archive_needs_list xml2 nettle acl lzma zstd lz4 bz2 z)
  find_library(KUBEMCP_ICUUC_SHARED NAMES icuuc)
  if(KUBEMCP_ICUUC_SHARED AND kubemcp_archive_needs_list)
    list(APPEND kubemcp_archive_needs_list ${KUBEMCP_ICUUC_SHARED})
  else()
    set(kubemcp_archive_needs_list "")
  endif()
endif()
if(kubemcp_archive_needs_list)
  kubemcp_dep(archive LibArchive::LibArchive ARCHIVES archive NEEDS ${kubemcp_archive_needs_list} m)
else()
  kubemcp_dep(archive LibArchive::LibArchive)
endif()

# spdlog and fmt: Debian 12 ships them shared only, and as long as they are, libstdc++.so is
# loaded too (binding some 3,000 symbols at every start). src/static/spdlog_fmt.cpp compiles
# both from their installed headers, as their compiled-library modes intend; the executable
# then links libstdc++ and libgcc statically as well.
find_file(KUBEMCP_SPDLOG_INL NAMES spdlog/logger-inl.h)
find_file(KUBEMCP_FMT_INL NAMES fmt/format-inl.h)
set(kubemcp_static_spdlog OFF)
if(KUBEMCP_STATIC_DEPS AND KUBEMCP_SPDLOG_INL AND KUBEMCP_FMT_INL)
  set(kubemcp_static_spdlog ON)
  add_library(kubemcp_spdlog_fmt STATIC ${PROJECT_SOURCE_DIR}/src/static/spdlog_fmt.cpp)
  target_compile_definitions(kubemcp_spdlog_fmt PUBLIC
    $<TARGET_PROPERTY:spdlog::spdlog,INTERFACE_COMPILE_DEFINITIONS>
    $<TARGET_PROPERTY:fmt::fmt,INTERFACE_COMPILE_DEFINITIONS>)
  target_link_libraries(kubemcp_spdlog_fmt PUBLIC Threads::Threads)
endif()
foreach(dep IN ITEMS spdlog fmt)
  add_library(kubemcp_dep_${dep} INTERFACE)
  add_library(kubemcp::${dep} ALIAS kubemcp_dep_${dep})
  if(kubemcp_static_spdlog)
    target_link_libraries(kubemcp_dep_${dep} INTERFACE
      "$<${kubemcp_is_static}:kubemcp_spdlog_fmt>" "$<$<NOT:${kubemcp_is_static}>:${dep}::${dep}>")
  else()
    target_link_libraries(kubemcp_dep_${dep} INTERFACE ${dep}::${dep})
  endif()
endforeach()

# kubemcp_link_static_deps(<executable>): link <executable> against the static archives, and
# with a smaller relocation table (-z pack-relative-relocs: RELR, glibc >= 2.36) and without
# shared libraries it ends up not using (--as-needed).
include(CheckLinkerFlag)
check_linker_flag(CXX "-Wl,-z,pack-relative-relocs" KUBEMCP_HAVE_RELR)
function(kubemcp_link_static_deps target)
  if(NOT KUBEMCP_STATIC_DEPS)
    return()
  endif()
  set_target_properties(${target} PROPERTIES KUBEMCP_STATIC_DEPS ON)
  target_link_options(${target} PRIVATE -Wl,-O1 -Wl,--as-needed)
  if(KUBEMCP_HAVE_RELR)
    target_link_options(${target} PRIVATE -Wl,-z,pack-relative-relocs)
  endif()
  if(kubemcp_static_spdlog)
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc)
  endif()
endfunction()
