internal import COpenSSL

/// Keyed-hash message authentication codes (RFC 2104), through OpenSSL's `EVP_MAC`.
public enum HMAC {
    /// The HMAC of `data` under `key` with `digest`; its length is the digest's.
    public static func authenticate(_ data: [UInt8], key: SecretBytes, digest: Digest.Algorithm) throws(CryptoError) -> [UInt8] {
        _ = try digest.requireMD()
        ERR_clear_error()
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { throw .openSSL("fetching HMAC", code: .unsupported) }
        defer { EVP_MAC_free(mac) }
        guard let context = EVP_MAC_CTX_new(mac) else { throw .openSSL("creating an HMAC context") }
        defer { EVP_MAC_CTX_free(context) }

        var digestName = Array(digest.openSSLName.utf8CString)
        let initialized = digestName.withUnsafeMutableBufferPointer { name in
            var parameters = [
                // OSSL_PARAM keeps the key pointer: use static storage, not a temporary C string.
                OSSL_PARAM_construct_utf8_string(cString("digest"), name.baseAddress, 0),
                OSSL_PARAM_construct_end(),
            ]
            // A NULL key means "reuse the previous key", so an empty key still needs a pointer.
            return key.withUnsafeBytes { keyBytes in
                EVP_MAC_init(context, keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), keyBytes.count, &parameters)
            }
        }
        guard initialized == 1 else { throw .openSSL("initializing HMAC-\(digest.openSSLName)") }
        guard EVP_MAC_update(context, data, data.count) == 1 else { throw .openSSL("computing HMAC-\(digest.openSSLName)") }
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length = 0
        guard EVP_MAC_final(context, &output, &length, output.count) == 1 else {
            throw .openSSL("finishing HMAC-\(digest.openSSLName)")
        }
        return Array(output[..<length])
    }

    /// Whether `mac` is the HMAC of `data` under `key`, compared in constant time. A
    /// truncated MAC does not verify.
    public static func verify(_ data: [UInt8], mac: [UInt8], key: SecretBytes, digest: Digest.Algorithm) throws(CryptoError) -> Bool {
        let expected = try authenticate(data, key: key, digest: digest)
        guard expected.count == mac.count else { return false }
        return CRYPTO_memcmp(expected, mac, mac.count) == 0
    }
}
