internal import COpenSSL

/// The numbers of an RSA private key (RFC 8017), as unsigned big-endian bytes without
/// leading zeros. The private ones are `SecretBytes`.
public struct RSAComponents: Sendable, CustomStringConvertible {
    /// The modulus.
    public var n: [UInt8]
    /// The public exponent.
    public var e: [UInt8]
    /// The private exponent.
    public var d: SecretBytes
    /// The first prime factor.
    public var p: SecretBytes
    /// The second prime factor.
    public var q: SecretBytes
    /// d mod (p - 1).
    public var dP: SecretBytes
    /// d mod (q - 1).
    public var dQ: SecretBytes
    /// q⁻¹ mod p.
    public var qInv: SecretBytes

    public var description: String { "RSAComponents(n: \(n.count * 8) bits, e: \(e.count) bytes, private: <redacted>)" }
}

extension AsymmetricKeys {
    /// The numbers of an RSA private key (PKCS#8 or PKCS#1 DER).
    public static func rsaComponents(privateKeyDER: SecretBytes) throws(CryptoError) -> RSAComponents {
        let key = try KeyDER.loadPrivate(privateKeyDER)
        defer { EVP_PKEY_free(key) }
        guard KeyDER.isRSA(key) else { throw CryptoError(.invalidKey, "the key is not an RSA key") }
        return RSAComponents(
            n: try number(key, "n").bytes, e: try number(key, "e").bytes,
            d: try number(key, "d"), p: try number(key, "rsa-factor1"), q: try number(key, "rsa-factor2"),
            dP: try number(key, "rsa-exponent1"), dQ: try number(key, "rsa-exponent2"),
            qInv: try number(key, "rsa-coefficient1")
        )
    }

    /// The modulus and public exponent of an RSA public key (SubjectPublicKeyInfo or PKCS#1 DER).
    public static func rsaPublicComponents(publicKeyDER: [UInt8]) throws(CryptoError) -> (n: [UInt8], e: [UInt8]) {
        let key = try KeyDER.loadPublic(publicKeyDER)
        defer { EVP_PKEY_free(key) }
        guard KeyDER.isRSA(key) else { throw CryptoError(.invalidKey, "the key is not an RSA key") }
        return (try number(key, "n").bytes, try number(key, "e").bytes)
    }

    /// One `OSSL_PKEY_PARAM_RSA_*` number, big-endian, in a secret buffer.
    private static func number(_ key: OpaquePointer, _ name: String) throws(CryptoError) -> SecretBytes {
        ERR_clear_error()
        var bignum: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key, name, &bignum) == 1, let bignum else {
            throw .openSSL("reading the RSA component \(name)", code: .invalidKey)
        }
        defer { BN_clear_free(bignum) }
        let length = (Int(BN_num_bits(bignum)) + 7) / 8  // BN_num_bytes is a macro
        return try SecretBytes(count: length) { (buffer) throws(CryptoError) -> Int in
            guard length > 0 else { return 0 }
            let written = BN_bn2bin(bignum, buffer.baseAddress!.assumingMemoryBound(to: UInt8.self))
            guard written == length else { throw .openSSL("writing the RSA component \(name)") }
            return length
        }
    }
}
