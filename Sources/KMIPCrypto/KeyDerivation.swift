internal import COpenSSL

/// Key derivation functions: PBKDF2 (PKCS #5, RFC 8018) and HKDF (RFC 5869), through OpenSSL.
public enum KeyDerivation {
    /// The longest output either function is asked for here, in bytes.
    public static let maxLength = 8192

    /// PBKDF2 with HMAC over `digest` (PKCS #5 names SHA-1 the default PRF).
    public static func pbkdf2(password: SecretBytes, salt: [UInt8], iterations: Int, digest: Digest.Algorithm, length: Int) throws(CryptoError) -> SecretBytes {
        guard (1...10_000_000).contains(iterations) else { throw .invalidParameters("a PBKDF2 iteration count of \(iterations) is outside 1 to 10,000,000") }
        let md = try digest.requireMD()
        let count = try outputLength(length)
        let saltLength = try int32Length(salt.count, "the salt")
        ERR_clear_error()
        return try SecretBytes(count: length) { (output) throws(CryptoError) -> Int in
            let done = password.withUnsafeBytes { pass in
                PKCS5_PBKDF2_HMAC(pass.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(pass.count), salt, saltLength,
                                  Int32(iterations), md, count, output.baseAddress?.assumingMemoryBound(to: UInt8.self))
            }
            guard done == 1 else { throw .openSSL("deriving with PBKDF2-\(digest.openSSLName)") }
            return length
        }
    }

    /// HKDF (extract then expand) of `key` with `salt` and `info`.
    public static func hkdf(key: SecretBytes, salt: [UInt8], info: [UInt8], digest: Digest.Algorithm, length: Int) throws(CryptoError) -> SecretBytes {
        let md = try digest.requireMD()
        guard length <= 255 * digest.outputLength else {
            throw .invalidParameters("HKDF-\(digest.openSSLName) gives at most \(255 * digest.outputLength) bytes, not \(length)")
        }
        _ = try outputLength(length)
        ERR_clear_error()
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nil) else { throw .openSSL("allocating an HKDF context") }
        defer { EVP_PKEY_CTX_free(context) }
        let ready = key.withUnsafeBytes { keyBytes in
            EVP_PKEY_derive_init(context) == 1
                && EVP_PKEY_CTX_set_hkdf_md(context, md) == 1
                && EVP_PKEY_CTX_set1_hkdf_salt(context, salt, Int32(salt.count)) == 1
                && EVP_PKEY_CTX_set1_hkdf_key(context, keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(keyBytes.count)) == 1
                && (info.isEmpty || EVP_PKEY_CTX_add1_hkdf_info(context, info, Int32(info.count)) == 1)
        }
        guard ready else { throw .openSSL("setting up HKDF-\(digest.openSSLName)", code: .invalidParameters) }
        return try SecretBytes(count: length) { (output) throws(CryptoError) -> Int in
            var written = length
            guard EVP_PKEY_derive(context, output.baseAddress?.assumingMemoryBound(to: UInt8.self), &written) == 1, written == length else {
                throw .openSSL("deriving with HKDF-\(digest.openSSLName)")
            }
            return length
        }
    }

    private static func outputLength(_ length: Int) throws(CryptoError) -> Int32 {
        guard (1...maxLength).contains(length) else { throw .invalidParameters("a derived length of \(length) bytes is outside 1 to \(maxLength)") }
        return Int32(length)
    }
}
