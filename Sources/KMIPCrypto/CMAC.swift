/// Cipher-based message authentication codes (NIST SP 800-38B; AES-CMAC is RFC 4493),
/// through OpenSSL's `EVP_MAC`.
public enum CMAC {
    /// The block ciphers CMAC runs on.
    public enum Cipher: Sendable, Hashable {
        /// AES; the key length (16, 24 or 32 bytes) picks AES-128, -192 or -256.
        case aes
        /// Three-key Triple DES (24-byte keys).
        case tripleDES
    }

    /// The CMAC of `data` under `key`: 16 bytes for AES, 8 for Triple DES.
    public static func authenticate(_ data: [UInt8], key: SecretBytes, cipher: Cipher) throws(CryptoError) -> [UInt8] {
        let stream = try DigestStream.cmac(key: key, cipher: cipher)
        try stream.update(data)
        return try stream.finish()
    }

    /// Whether `mac` is the CMAC of `data` under `key`, compared in constant time.
    public static func verify(_ data: [UInt8], mac: [UInt8], key: SecretBytes, cipher: Cipher) throws(CryptoError) -> Bool {
        let stream = try DigestStream.cmac(key: key, cipher: cipher)
        try stream.update(data)
        return try stream.finish(verifying: mac)
    }
}
