// OpenSSL 3 certificate generation. Every object is owned by a unique_ptr with its free
// function so that an exception part-way leaks nothing.
#include "net/tls_certs.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>

namespace kubemcp::net {
namespace {

template <auto F>
struct Deleter {
  template <class T>
  void operator()(T* p) const {
    F(p);
  }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free>>;

[[noreturn]] void fail(const char* what) {
  unsigned long e = ERR_get_error();
  char buf[256] = {0};
  if (e) ERR_error_string_n(e, buf, sizeof buf);
  throw std::runtime_error(std::string("tls: ") + what + (e ? std::string(": ") + buf : ""));
}

Key new_key() {
  Key k(EVP_EC_gen("P-256"));
  if (!k) fail("generating key");
  return k;
}

std::string to_pem(X509* x) {
  Bio b(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_X509(b.get(), x)) fail("writing certificate");
  char* data;
  long n = BIO_get_mem_data(b.get(), &data);
  return std::string(data, n);
}

std::string to_pem(EVP_PKEY* k) {
  Bio b(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_PrivateKey(b.get(), k, nullptr, nullptr, 0, nullptr, nullptr))
    fail("writing key");
  char* data;
  long n = BIO_get_mem_data(b.get(), &data);
  return std::string(data, n);
}

Cert read_cert(const std::string& pem) {
  Bio b(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  Cert c(PEM_read_bio_X509(b.get(), nullptr, nullptr, nullptr));
  if (!c) fail("reading CA certificate");
  return c;
}

Key read_key(const std::string& pem) {
  Bio b(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  Key k(PEM_read_bio_PrivateKey(b.get(), nullptr, nullptr, nullptr));
  if (!k) fail("reading CA key");
  return k;
}

void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (!ext) fail("building extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

Cert new_cert(EVP_PKEY* key, const std::string& cn, const std::vector<std::string>& orgs,
              long days) {
  Cert c(X509_new());
  X509_set_version(c.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(c.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(c.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(c.get()), days * 24 * 3600);
  X509_set_pubkey(c.get(), key);
  X509_NAME* name = X509_get_subject_name(c.get());
  for (const auto& o : orgs)
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(o.c_str()), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  return c;
}

PemPair sign_leaf(const PemPair& ca, const std::string& cn, const std::vector<std::string>& orgs,
                  const std::string& eku, const std::string& san) {
  Cert ca_cert = read_cert(ca.cert_pem);
  Key ca_key = read_key(ca.key_pem);
  Key key = new_key();
  Cert c = new_cert(key.get(), cn, orgs, 825);
  X509_set_issuer_name(c.get(), X509_get_subject_name(ca_cert.get()));
  add_ext(c.get(), ca_cert.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_ext(c.get(), ca_cert.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment");
  add_ext(c.get(), ca_cert.get(), NID_ext_key_usage, eku);
  add_ext(c.get(), ca_cert.get(), NID_authority_key_identifier, "keyid:always");
  if (!san.empty()) add_ext(c.get(), ca_cert.get(), NID_subject_alt_name, san);
  if (!X509_sign(c.get(), ca_key.get(), EVP_sha256())) fail("signing certificate");
  return {to_pem(c.get()), to_pem(key.get())};
}

}  // namespace

PemPair make_ca(const std::string& common_name) {
  Key key = new_key();
  Cert c = new_cert(key.get(), common_name, {}, 3650);
  X509_set_issuer_name(c.get(), X509_get_subject_name(c.get()));
  add_ext(c.get(), c.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_ext(c.get(), c.get(), NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature");
  add_ext(c.get(), c.get(), NID_subject_key_identifier, "hash");
  if (!X509_sign(c.get(), key.get(), EVP_sha256())) fail("signing CA");
  return {to_pem(c.get()), to_pem(key.get())};
}

PemPair make_server_cert(const PemPair& ca, const std::string& common_name,
                         const std::vector<std::string>& dns_names,
                         const std::vector<std::string>& ip_addresses) {
  std::string san;
  for (const auto& d : dns_names) san += (san.empty() ? "" : ",") + std::string("DNS:") + d;
  for (const auto& i : ip_addresses) san += (san.empty() ? "" : ",") + std::string("IP:") + i;
  return sign_leaf(ca, common_name, {}, "serverAuth", san);
}

PemPair make_client_cert(const PemPair& ca, const std::string& common_name,
                         const std::vector<std::string>& organizations) {
  return sign_leaf(ca, common_name, organizations, "clientAuth", "");
}

}  // namespace kubemcp::net
