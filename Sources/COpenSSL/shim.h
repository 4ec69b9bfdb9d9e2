#ifndef SWIFT_KMIP_COPENSSL_SHIM_H
#define SWIFT_KMIP_COPENSSL_SHIM_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/rand.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <openssl/param_build.h>
#include <openssl/kdf.h>
#include <openssl/pkcs12.h>

/* Wrappers for OpenSSL 3 function-like macros, which Swift cannot import. */

static inline int kmip_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

static inline int kmip_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}

static inline int kmip_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

static inline long kmip_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}

static inline void kmip_OPENSSL_free(void *pointer) {
    OPENSSL_free(pointer);
}

static inline int kmip_sk_GENERAL_NAME_num(const GENERAL_NAMES *names) {
    return sk_GENERAL_NAME_num(names);
}

static inline GENERAL_NAME *kmip_sk_GENERAL_NAME_value(const GENERAL_NAMES *names, int index) {
    return sk_GENERAL_NAME_value(names, index);
}

static inline int kmip_BIO_eof_returns_retry(BIO *bio) {
    /* An empty memory BIO reads as "retry" rather than end of file. */
    return (int)BIO_set_mem_eof_return(bio, -1);
}

/* Constants built from function-like macros. */

/* Options for every context: no renegotiation, no compression, the server's cipher order. */
static inline uint64_t kmip_ssl_default_options(void) {
    return SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE;
}

static inline uint64_t kmip_ssl_no_ticket_option(void) {
    return SSL_OP_NO_TICKET;
}

static inline unsigned long kmip_name_flags_rfc2253(void) {
    return XN_FLAG_RFC2253;
}

static inline int kmip_mbstring_asc(void) {
    return MBSTRING_ASC;
}

/* Authenticated-cipher (GCM) controls, typed instead of EVP_CIPHER_CTX_ctrl's int/void*. */

static inline int kmip_EVP_CIPHER_CTX_set_aead_ivlen(EVP_CIPHER_CTX *ctx, int length) {
    return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, length, NULL);
}

static inline int kmip_EVP_CIPHER_CTX_get_aead_tag(EVP_CIPHER_CTX *ctx, unsigned char *tag, int length) {
    return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, length, tag);
}

static inline int kmip_EVP_CIPHER_CTX_set_aead_tag(EVP_CIPHER_CTX *ctx, const unsigned char *tag, int length) {
    return EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, length, (void *)tag);
}

/* EVP_PKEY_fromdata selections (composite macros). */

static inline int kmip_evp_pkey_keypair(void) {
    return EVP_PKEY_KEYPAIR;
}

static inline int kmip_evp_pkey_public_key(void) {
    return EVP_PKEY_PUBLIC_KEY;
}

/* STACK_OF(X509), whose accessors are macros. */

static inline STACK_OF(X509) *kmip_sk_X509_new_null(void) {
    return sk_X509_new_null();
}

static inline int kmip_sk_X509_push(STACK_OF(X509) *stack, X509 *certificate) {
    return sk_X509_push(stack, certificate);
}

static inline int kmip_sk_X509_num(const STACK_OF(X509) *stack) {
    return sk_X509_num(stack);
}

static inline X509 *kmip_sk_X509_value(const STACK_OF(X509) *stack, int index) {
    return sk_X509_value(stack, index);
}

static inline void kmip_sk_X509_pop_free(STACK_OF(X509) *stack) {
    sk_X509_pop_free(stack, X509_free);
}

/* The PKCS#12 stacks of PKCS7 (a container's safes) and of PKCS12_SAFEBAG (a safe's bags). */

static inline int kmip_sk_PKCS7_num(const STACK_OF(PKCS7) *stack) {
    return sk_PKCS7_num(stack);
}

static inline PKCS7 *kmip_sk_PKCS7_value(const STACK_OF(PKCS7) *stack, int index) {
    return sk_PKCS7_value(stack, index);
}

static inline void kmip_sk_PKCS7_pop_free(STACK_OF(PKCS7) *stack) {
    sk_PKCS7_pop_free(stack, PKCS7_free);
}

static inline int kmip_sk_PKCS12_SAFEBAG_num(const STACK_OF(PKCS12_SAFEBAG) *stack) {
    return sk_PKCS12_SAFEBAG_num(stack);
}

static inline PKCS12_SAFEBAG *kmip_sk_PKCS12_SAFEBAG_value(const STACK_OF(PKCS12_SAFEBAG) *stack, int index) {
    return sk_PKCS12_SAFEBAG_value(stack, index);
}

static inline void kmip_sk_PKCS12_SAFEBAG_pop_free(STACK_OF(PKCS12_SAFEBAG) *stack) {
    sk_PKCS12_SAFEBAG_pop_free(stack, PKCS12_SAFEBAG_free);
}

#endif