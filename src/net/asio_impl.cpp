// The one translation unit that compiles Boost.Asio, Asio SSL and Boost.Beast.
// Everything else includes their headers with *_SEPARATE_COMPILATION set (see
// src/CMakeLists.txt), which keeps each including file cheap to build.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
