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

    public init(n: [UInt8], e: [UInt8], d: SecretBytes, p: SecretBytes, q: SecretBytes, dP: SecretBytes, dQ: SecretBytes, qInv: SecretBytes) {
        self.n = n
        self.e = e
        self.d = d
        self.p = p
        self.q = q
        self.dP = dP
        self.dQ = dQ
        self.qInv = qInv
    }

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

    /// An RSA private key (PKCS#8 DER) built from its numbers, e.g. from a KMIP Transparent
    /// RSA Private Key.
    ///
    /// - Throws: `.invalidKey` when the numbers do not make a consistent key.
    public static func rsaPrivateKey(from components: RSAComponents) throws(CryptoError) -> SecretBytes {
        let numbers: [(StaticString, SecretBytes)] = [
            ("n", SecretBytes(components.n)), ("e", SecretBytes(components.e)), ("d", components.d),
            ("rsa-factor1", components.p), ("rsa-factor2", components.q),
            ("rsa-exponent1", components.dP), ("rsa-exponent2", components.dQ), ("rsa-coefficient1", components.qInv),
        ]
        let key = try fromData(numbers, selection: kmip_evp_pkey_keypair(), what: "building an RSA private key from its numbers")
        defer { EVP_PKEY_free(key) }
        // A key with mismatched numbers would sign garbage; check it the way the RSA key check does.
        ERR_clear_error()
        guard let context = EVP_PKEY_CTX_new(key, nil) else { throw .openSSL("allocating a key context") }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_pairwise_check(context) == 1 else { throw .openSSL("the RSA numbers do not make a valid key", code: .invalidKey) }
        return try KeyDER.privatePKCS8(key)
    }

    /// An RSA public key (SubjectPublicKeyInfo DER) from its modulus and public exponent.
    public static func rsaPublicKey(n: [UInt8], e: [UInt8]) throws(CryptoError) -> [UInt8] {
        let key = try fromData([("n", SecretBytes(n)), ("e", SecretBytes(e))], selection: kmip_evp_pkey_public_key(), what: "building an RSA public key")
        defer { EVP_PKEY_free(key) }
        return try KeyDER.publicSPKI(key)
    }

    /// `EVP_PKEY_fromdata` for RSA from big-endian numbers.
    private static func fromData(_ numbers: [(StaticString, SecretBytes)], selection: Int32, what: String) throws(CryptoError) -> OpaquePointer {
        ERR_clear_error()
        for (name, value) in numbers where value.isEmpty {
            throw CryptoError(.invalidKey, "the RSA component \(name) is empty")
        }
        guard let builder = OSSL_PARAM_BLD_new() else { throw .openSSL(what) }
        defer { OSSL_PARAM_BLD_free(builder) }
        var bignums: [OpaquePointer] = []
        defer { bignums.forEach { BN_clear_free($0) } }
        for (name, value) in numbers {
            let bignum = value.withUnsafeBytes { bytes in
                BN_bin2bn(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(bytes.count), nil)
            }
            guard let bignum else { throw .openSSL(what) }
            bignums.append(bignum)
            // The builder keeps the name pointer, so it must outlive the call: a static string.
            guard OSSL_PARAM_BLD_push_BN(builder, cString(name), bignum) == 1 else { throw .openSSL(what) }
        }
        guard let parameters = OSSL_PARAM_BLD_to_param(builder) else { throw .openSSL(what) }
        defer { clearAndFree(parameters) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else { throw .openSSL(what) }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1, EVP_PKEY_fromdata(context, &key, selection, parameters) == 1, let key else {
            throw .openSSL(what, code: .invalidKey)
        }
        return key
    }

    /// One `OSSL_PKEY_PARAM_*` number (RSA components, the EC private key), big-endian, in a secret buffer.
    static func number(_ key: OpaquePointer, _ name: String) throws(CryptoError) -> SecretBytes {
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
