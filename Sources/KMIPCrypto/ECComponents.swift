internal import COpenSSL

/// EC keys on the NIST curves as their numbers (SEC 1): the private scalar d and the public
/// point Q in uncompressed form (0x04 || X || Y), as KMIP's Transparent EC keys hold them.
extension AsymmetricKeys {
    /// The curve and private scalar of an EC private key (PKCS#8 or SEC1 DER).
    public static func ecPrivateComponents(privateKeyDER: SecretBytes) throws(CryptoError) -> (curve: Curve, d: SecretBytes) {
        let key = try KeyDER.loadPrivate(privateKeyDER)
        defer { EVP_PKEY_free(key) }
        return (try namedCurve(key), try number(key, "priv"))
    }

    /// The curve and uncompressed public point of an EC public key (SubjectPublicKeyInfo DER).
    public static func ecPublicComponents(publicKeyDER: [UInt8]) throws(CryptoError) -> (curve: Curve, q: [UInt8]) {
        let key = try KeyDER.loadPublic(publicKeyDER)
        defer { EVP_PKEY_free(key) }
        let curve = try namedCurve(key)
        ERR_clear_error()
        var length = 0
        guard EVP_PKEY_get_octet_string_param(key, "encoded-pub-key", nil, 0, &length) == 1 else { throw .openSSL("reading the EC public point", code: .invalidKey) }
        var point = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_get_octet_string_param(key, "encoded-pub-key", &point, point.count, &length) == 1 else {
            throw .openSSL("reading the EC public point", code: .invalidKey)
        }
        return (curve, Array(point.prefix(length)))
    }

    /// An EC private key (PKCS#8 DER) from its curve and private scalar; the public point is
    /// computed (d·G).
    ///
    /// - Throws: `.invalidKey` when d is not in [1, n-1].
    public static func ecPrivateKey(curve: Curve, d: SecretBytes) throws(CryptoError) -> SecretBytes {
        let what = "building an EC \(curve.rawValue) private key"
        ERR_clear_error()
        guard !d.isEmpty, let group = EC_GROUP_new_by_curve_name(curve.nid) else { throw CryptoError(.invalidKey, "\(what): no private scalar") }
        defer { EC_GROUP_free(group) }
        let scalar = d.withUnsafeBytes { BN_bin2bn($0.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32($0.count), nil) }
        guard let scalar else { throw .openSSL(what) }
        defer { BN_clear_free(scalar) }
        guard BN_is_zero(scalar) == 0, BN_cmp(scalar, EC_GROUP_get0_order(group)) < 0 else {
            throw CryptoError(.invalidKey, "\(what): d is not between 1 and the curve order")
        }
        guard let point = EC_POINT_new(group) else { throw .openSSL(what) }
        defer { EC_POINT_free(point) }
        guard EC_POINT_mul(group, point, scalar, nil, nil, nil) == 1 else { throw .openSSL(what) }
        let length = EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, nil, 0, nil)
        var q = [UInt8](repeating: 0, count: length)
        guard length > 0, EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, &q, length, nil) == length else { throw .openSSL(what) }
        let key = try ecKey(curve: curve, q: q, scalar: scalar, selection: kmip_evp_pkey_keypair(), what: what)
        defer { EVP_PKEY_free(key) }
        return try KeyDER.privatePKCS8(key)
    }

    /// An EC public key (SubjectPublicKeyInfo DER) from its curve and encoded point.
    ///
    /// - Throws: `.invalidKey` when the point is not on the curve.
    public static func ecPublicKey(curve: Curve, q: [UInt8]) throws(CryptoError) -> [UInt8] {
        let what = "building an EC \(curve.rawValue) public key"
        let key = try ecKey(curve: curve, q: q, scalar: nil, selection: kmip_evp_pkey_public_key(), what: what)
        defer { EVP_PKEY_free(key) }
        ERR_clear_error()
        guard let context = EVP_PKEY_CTX_new(key, nil) else { throw .openSSL(what) }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_public_check(context) == 1 else { throw .openSSL("\(what): the point is not on the curve", code: .invalidKey) }
        return try KeyDER.publicSPKI(key)
    }

    /// `EVP_PKEY_fromdata` for EC: the group name, the public point and maybe the private scalar.
    private static func ecKey(curve: Curve, q: [UInt8], scalar: OpaquePointer?, selection: Int32, what: String) throws(CryptoError) -> OpaquePointer {
        ERR_clear_error()
        guard !q.isEmpty else { throw CryptoError(.invalidKey, "\(what): no public point") }
        guard let builder = OSSL_PARAM_BLD_new() else { throw .openSSL(what) }
        defer { OSSL_PARAM_BLD_free(builder) }
        // The builder copies values when it makes the parameters; keys must be static strings.
        guard OSSL_PARAM_BLD_push_utf8_string(builder, cString("group"), cString(curve.groupName), 0) == 1,
              q.withUnsafeBytes({ OSSL_PARAM_BLD_push_octet_string(builder, cString("pub"), $0.baseAddress, $0.count) }) == 1,
              scalar.map({ OSSL_PARAM_BLD_push_BN(builder, cString("priv"), $0) == 1 }) ?? true,
              let parameters = OSSL_PARAM_BLD_to_param(builder) else { throw .openSSL(what) }
        defer { clearAndFree(parameters) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else { throw .openSSL(what) }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1, EVP_PKEY_fromdata(context, &key, selection, parameters) == 1, let key else {
            throw .openSSL(what, code: .invalidKey)
        }
        return key
    }

    /// The named curve of an EC key.
    private static func namedCurve(_ key: OpaquePointer) throws(CryptoError) -> Curve {
        guard case .ec(let curve?, _) = try kind(key) else { throw CryptoError(.invalidKey, "the key is not an EC key on P-256, P-384, P-521 or secp256k1") }
        return curve
    }
}
