internal import COpenSSL

/// Loading and encoding `EVP_PKEY`s as DER. Every returned key is +1: `EVP_PKEY_free` it.
enum KeyDER {
    /// A private key from PKCS#8 DER, or from the traditional forms (PKCS#1 RSAPrivateKey, SEC1 ECPrivateKey).
    static func loadPrivate(_ der: SecretBytes) throws(CryptoError) -> OpaquePointer {
        ERR_clear_error()
        let key = der.withUnsafeBytes { bytes -> OpaquePointer? in
            guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), !bytes.isEmpty else { return nil }
            var cursor: UnsafePointer<UInt8>? = UnsafePointer(base)
            guard let key = d2i_AutoPrivateKey(nil, &cursor, bytes.count) else { return nil }
            guard cursor == UnsafePointer(base) + bytes.count else {
                EVP_PKEY_free(key)
                return nil
            }
            return key
        }
        guard let key else { throw .openSSL("the private key is not PKCS#8 (or PKCS#1/SEC1) DER", code: .invalidKey) }
        return key
    }

    /// A public key from SubjectPublicKeyInfo DER, or from a PKCS#1 RSAPublicKey.
    static func loadPublic(_ der: [UInt8]) throws(CryptoError) -> OpaquePointer {
        ERR_clear_error()
        let key = der.withUnsafeBufferPointer { bytes -> OpaquePointer? in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            if let key = d2i_PUBKEY(nil, &cursor, bytes.count) {
                if cursor == base + bytes.count { return key }
                EVP_PKEY_free(key)
                return nil
            }
            cursor = base
            if let key = d2i_PublicKey(EVP_PKEY_RSA, nil, &cursor, bytes.count) {
                if cursor == base + bytes.count { return key }
                EVP_PKEY_free(key)
            }
            return nil
        }
        guard let key else { throw .openSSL("the public key is not SubjectPublicKeyInfo (or PKCS#1) DER", code: .invalidKey) }
        ERR_clear_error()  // the failed first attempt may have left entries
        return key
    }

    /// The private key as PKCS#8 PrivateKeyInfo DER.
    static func privatePKCS8(_ key: OpaquePointer) throws(CryptoError) -> SecretBytes {
        guard let info = EVP_PKEY2PKCS8(key) else { throw .openSSL("encoding the private key as PKCS#8") }
        defer { PKCS8_PRIV_KEY_INFO_free(info) }
        return try secretDER("encoding the private key as PKCS#8") { i2d_PKCS8_PRIV_KEY_INFO(info, $0) }
    }

    /// The private key in its traditional DER form (PKCS#1 RSAPrivateKey, SEC1 ECPrivateKey).
    static func privateTraditional(_ key: OpaquePointer) throws(CryptoError) -> SecretBytes {
        try secretDER("encoding the private key") { i2d_PrivateKey(key, $0) }
    }

    /// The public key as SubjectPublicKeyInfo DER.
    static func publicSPKI(_ key: OpaquePointer) throws(CryptoError) -> [UInt8] {
        try der("encoding the public key as SubjectPublicKeyInfo") { i2d_PUBKEY(key, $0) }
    }

    /// The public key in its bare form (PKCS#1 RSAPublicKey for RSA, the encoded point for EC).
    static func publicBare(_ key: OpaquePointer) throws(CryptoError) -> [UInt8] {
        try der("encoding the public key") { i2d_PublicKey(key, $0) }
    }

    /// Runs an `i2d_*` function twice: for the length, then into a secret buffer.
    private static func secretDER(
        _ what: String, _ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32
    ) throws(CryptoError) -> SecretBytes {
        ERR_clear_error()
        let length = encode(nil)
        guard length > 0 else { throw .openSSL(what) }
        return try SecretBytes(count: Int(length)) { (buffer) throws(CryptoError) -> Int in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let written = encode(&cursor)
            guard written == length else { throw .openSSL(what) }
            return Int(written)
        }
    }

    /// Runs an `i2d_*` function twice: for the length, then into an ordinary array (for what
    /// is not secret).
    static func der(
        _ what: String, _ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32
    ) throws(CryptoError) -> [UInt8] {
        ERR_clear_error()
        let length = encode(nil)
        guard length > 0 else { throw .openSSL(what) }
        var output = [UInt8](repeating: 0, count: Int(length))
        let written = output.withUnsafeMutableBufferPointer { buffer in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return encode(&cursor)
        }
        guard written == length else { throw .openSSL(what) }
        return output
    }

    /// Whether the key is RSA (including RSA-PSS-restricted keys).
    static func isRSA(_ key: OpaquePointer) -> Bool {
        let id = EVP_PKEY_get_base_id(key)
        return id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS
    }

    static func isEC(_ key: OpaquePointer) -> Bool {
        EVP_PKEY_get_base_id(key) == EVP_PKEY_EC
    }
}
