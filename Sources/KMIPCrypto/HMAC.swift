/// Keyed-hash message authentication codes (RFC 2104), through OpenSSL's `EVP_MAC`.
public enum HMAC {
    /// The HMAC of `data` under `key` with `digest`; its length is the digest's.
    public static func authenticate(_ data: [UInt8], key: SecretBytes, digest: Digest.Algorithm) throws(CryptoError) -> [UInt8] {
        let stream = try DigestStream.hmac(key: key, digest: digest)
        try stream.update(data)
        return try stream.finish()
    }

    /// Whether `mac` is the HMAC of `data` under `key`, compared in constant time. A
    /// truncated MAC does not verify.
    public static func verify(_ data: [UInt8], mac: [UInt8], key: SecretBytes, digest: Digest.Algorithm) throws(CryptoError) -> Bool {
        let stream = try DigestStream.hmac(key: key, digest: digest)
        try stream.update(data)
        return try stream.finish(verifying: mac)
    }
}
