internal import COpenSSL

/// AES key wrapping: RFC 3394 (AES-KW) and RFC 5649 (AES-KWP, with padding), with the
/// default initial values (`EVP_aes_*_wrap`, `EVP_aes_*_wrap_pad`).
public enum KeyWrap {
    /// Wraps `key` under the AES key-encryption key `kek` (16, 24 or 32 bytes).
    ///
    /// - Parameter padding: `false` for RFC 3394 (the key must be a multiple of 8 bytes, at
    ///   least 16), `true` for RFC 5649 (any non-empty key).
    /// - Returns: the wrapped key, 8 bytes longer than the (padded) key.
    public static func wrap(_ key: [UInt8], kek: SecretBytes, padding: Bool) throws(CryptoError) -> [UInt8] {
        try wrap(SecretBytes(key), kek: kek, padding: padding)
    }

    /// Wraps `key` under the AES key-encryption key `kek`; see `wrap(_:kek:padding:)`.
    public static func wrap(_ key: SecretBytes, kek: SecretBytes, padding: Bool) throws(CryptoError) -> [UInt8] {
        if padding {
            guard key.count >= 1 else { throw .invalidParameters("AES-KWP cannot wrap an empty key") }
        } else {
            guard key.count >= 16, key.count % 8 == 0 else {
                throw .invalidParameters("AES-KW wraps a multiple of 8 bytes, at least 16, not \(key.count); use padding (AES-KWP)")
            }
        }
        let output = try run(encrypt: true, input: key, kek: kek, padding: padding)
        return output.bytes
    }

    /// Unwraps `wrapped` under `kek`.
    ///
    /// - Throws: `.authenticationFailed` when the integrity check fails (altered data or the
    ///   wrong key-encryption key); `.invalidParameters` for impossible lengths.
    public static func unwrap(_ wrapped: [UInt8], kek: SecretBytes, padding: Bool) throws(CryptoError) -> SecretBytes {
        let minimum = padding ? 16 : 24
        guard wrapped.count >= minimum, wrapped.count % 8 == 0 else {
            throw .invalidParameters("a key wrapped with AES-\(padding ? "KWP" : "KW") is a multiple of 8 bytes, at least \(minimum), not \(wrapped.count)")
        }
        return try run(encrypt: false, input: SecretBytes(wrapped), kek: kek, padding: padding)
    }

    private static func run(encrypt: Bool, input: SecretBytes, kek: SecretBytes, padding: Bool) throws(CryptoError) -> SecretBytes {
        let name = padding ? "AES-KWP" : "AES-KW"
        let cipher: OpaquePointer?
        switch (kek.count, padding) {
        case (16, false): cipher = EVP_aes_128_wrap()
        case (24, false): cipher = EVP_aes_192_wrap()
        case (32, false): cipher = EVP_aes_256_wrap()
        case (16, true): cipher = EVP_aes_128_wrap_pad()
        case (24, true): cipher = EVP_aes_192_wrap_pad()
        case (32, true): cipher = EVP_aes_256_wrap_pad()
        default: throw .invalidParameters("\(name) takes a key-encryption key of 16, 24 or 32 bytes, not \(kek.count)")
        }
        guard let cipher else { throw .unsupported("\(name) is not available") }
        let inputLength = try int32Length(input.count, "the key")

        ERR_clear_error()
        guard let context = EVP_CIPHER_CTX_new() else { throw .openSSL("allocating a cipher context") }
        defer { EVP_CIPHER_CTX_free(context) }
        let keyed = kek.withUnsafeBytes { kekBytes in
            // A nil IV selects the RFC default initial value.
            EVP_CipherInit_ex2(context, cipher, kekBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), nil, encrypt ? 1 : 0, nil)
        }
        guard keyed == 1 else { throw .openSSL("setting the \(name) key", code: .invalidKey) }

        let capacity = input.count + 16
        return try SecretBytes(count: capacity) { (output) throws(CryptoError) -> Int in
            let out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var written: Int32 = 0
            var final: Int32 = 0
            let ok = input.withUnsafeBytes { inBytes in
                EVP_CipherUpdate(context, out, &written, inBytes.baseAddress!.assumingMemoryBound(to: UInt8.self), inputLength) == 1
                    && EVP_CipherFinal_ex(context, out + Int(written), &final) == 1
            }
            guard ok, written >= 0 else {
                if encrypt { throw .openSSL("wrapping with \(name)") }
                let reasons = drainOpenSSLErrors()
                throw CryptoError(.authenticationFailed, "\(name) unwrapping failed its integrity check (altered data or the wrong key-encryption key)", reasons: reasons)
            }
            return Int(written + final)
        }
    }
}
