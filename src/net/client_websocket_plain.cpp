// The WebSocket upgrade over plain TCP (see client_ws_upgrade.hpp).
#include "net/client_ws_upgrade.hpp"

namespace kubemcp::net {

boost::asio::awaitable<UpgradeResult> HttpClient::Impl::upgrade_plain(
    std::shared_ptr<ReqState> st, ClientRequest r, std::vector<std::string> protocols) {
  auto c = st->conn;
  co_return co_await client_detail::upgrade(*this, st, std::move(*c->plain), std::move(r),
                                            std::move(protocols));
}

}  // namespace kubemcp::net
