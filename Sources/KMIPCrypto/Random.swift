internal import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG (`RAND_bytes`).
public enum Random {
    /// `count` random bytes.
    public static func bytes(_ count: Int) throws(CryptoError) -> [UInt8] {
        guard count >= 0 else { throw .invalidParameters("a negative byte count (\(count))") }
        var bytes = [UInt8](repeating: 0, count: count)
        if count == 0 { return bytes }
        let length = try int32Length(count, "the random byte count")
        ERR_clear_error()
        guard RAND_bytes(&bytes, length) == 1 else { throw .openSSL("generating \(count) random bytes") }
        return bytes
    }

    /// A new random key of `count` bytes, generated in place (never in an ordinary array).
    public static func key(_ count: Int) throws(CryptoError) -> SecretBytes {
        guard count >= 0 else { throw .invalidParameters("a negative key length (\(count))") }
        let length = try int32Length(count, "the key length")
        ERR_clear_error()
        return try SecretBytes(count: count) { (buffer) throws(CryptoError) -> Int in
            if count > 0, RAND_bytes(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), length) != 1 {
                throw .openSSL("generating a \(count)-byte key")
            }
            return count
        }
    }

    /// Mixes `seed` into OpenSSL's generator (`RAND_add`), credited with no entropy: a client's
    /// seed can add unpredictability but never stands in for the system's.
    public static func mix(_ seed: [UInt8]) throws(CryptoError) {
        let length = try int32Length(seed.count, "the seed length")
        RAND_add(seed, length, 0)
    }
}
