internal import COpenSSL

/// One message authentication code through OpenSSL's `EVP_MAC` (HMAC, CMAC).
enum EVPMAC {
    /// The `algorithm` MAC ("HMAC", "CMAC") of `data` under `key`, with the string
    /// parameter `setting` (the digest or cipher name) set to `value`.
    static func compute(_ algorithm: String, setting: StaticString, to value: String, data: [UInt8], key: SecretBytes) throws(CryptoError) -> [UInt8] {
        let what = "\(algorithm)-\(value)"
        ERR_clear_error()
        guard let mac = EVP_MAC_fetch(nil, algorithm, nil) else { throw .openSSL("fetching \(algorithm)", code: .unsupported) }
        defer { EVP_MAC_free(mac) }
        guard let context = EVP_MAC_CTX_new(mac) else { throw .openSSL("creating a \(algorithm) context") }
        defer { EVP_MAC_CTX_free(context) }

        var name = Array(value.utf8CString)
        let initialized = name.withUnsafeMutableBufferPointer { name in
            var parameters = [
                // OSSL_PARAM keeps the key pointer: use static storage, not a temporary C string.
                OSSL_PARAM_construct_utf8_string(cString(setting), name.baseAddress, 0),
                OSSL_PARAM_construct_end(),
            ]
            // A NULL key means "reuse the previous key", so an empty key still needs a pointer.
            return key.withUnsafeBytes { keyBytes in
                EVP_MAC_init(context, keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), keyBytes.count, &parameters)
            }
        }
        guard initialized == 1 else { throw .openSSL("initializing \(what)", code: .invalidKey) }
        guard EVP_MAC_update(context, data, data.count) == 1 else { throw .openSSL("computing \(what)") }
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length = 0
        guard EVP_MAC_final(context, &output, &length, output.count) == 1 else { throw .openSSL("finishing \(what)") }
        return Array(output[..<length])
    }

    /// Whether `mac` equals `expected`, compared in constant time; a truncated MAC does not verify.
    static func matches(_ mac: [UInt8], _ expected: [UInt8]) -> Bool {
        guard expected.count == mac.count else { return false }
        return CRYPTO_memcmp(expected, mac, mac.count) == 0
    }
}
