internal import COpenSSL

/// A signature scheme and its hash.
public enum SignatureAlgorithm: Sendable, Hashable {
    /// RSASSA-PKCS1-v1_5.
    case rsaPKCS1v15(Digest.Algorithm)
    /// RSASSA-PSS with MGF1 on the same hash. A `nil` salt length means the hash length when
    /// signing and "any" (detected) when verifying.
    case rsaPSS(Digest.Algorithm, saltLength: Int?)
    /// ECDSA; signatures are DER `ECDSA-Sig-Value` sequences, as OpenSSL produces them.
    case ecdsa(Digest.Algorithm)

    /// The hash.
    public var digest: Digest.Algorithm {
        switch self {
        case .rsaPKCS1v15(let digest), .rsaPSS(let digest, _), .ecdsa(let digest): digest
        }
    }

    var name: String {
        switch self {
        case .rsaPKCS1v15(let digest): "RSA-PKCS1v1.5-\(digest.openSSLName)"
        case .rsaPSS(let digest, _): "RSA-PSS-\(digest.openSSLName)"
        case .ecdsa(let digest): "ECDSA-\(digest.openSSLName)"
        }
    }

    /// Checks the key suits the scheme.
    func check(_ key: OpaquePointer) throws(CryptoError) {
        switch self {
        case .rsaPKCS1v15, .rsaPSS:
            guard KeyDER.isRSA(key) else { throw CryptoError(.invalidKey, "\(name) needs an RSA key") }
        case .ecdsa:
            guard KeyDER.isEC(key) else { throw CryptoError(.invalidKey, "\(name) needs an EC key") }
        }
    }

    /// Sets the RSA padding and PSS salt on a signing or verifying `EVP_PKEY_CTX`.
    func configure(_ context: OpaquePointer, signing: Bool) -> Bool {
        switch self {
        case .ecdsa:
            return true
        case .rsaPKCS1v15:
            return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1
        case .rsaPSS(let digest, let saltLength):
            let salt = saltLength.map(Int32.init) ?? (signing ? RSA_PSS_SALTLEN_DIGEST : RSA_PSS_SALTLEN_AUTO)
            guard let md = digest.md else { return false }
            return EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PSS_PADDING) == 1
                && EVP_PKEY_CTX_set_rsa_pss_saltlen(context, salt) == 1
                && EVP_PKEY_CTX_set_rsa_mgf1_md(context, md) == 1
        }
    }
}

/// Digital signatures: RSA PKCS#1 v1.5, RSA-PSS and ECDSA (`EVP_DigestSign`/`EVP_DigestVerify`,
/// or `EVP_PKEY_sign`/`EVP_PKEY_verify` for data already hashed).
public enum Signature {
    /// Signs `data` (hashing it with the algorithm's digest).
    ///
    /// - Parameter privateKeyDER: PKCS#8 (or PKCS#1/SEC1) DER.
    public static func sign(_ data: [UInt8], privateKeyDER: SecretBytes, algorithm: SignatureAlgorithm) throws(CryptoError) -> [UInt8] {
        let stream = try DigestStream.signing(privateKeyDER: privateKeyDER, algorithm: algorithm)
        try stream.update(data)
        return try stream.finish()
    }

    /// Whether `signature` is a valid signature of `data`.
    ///
    /// - Parameter publicKeyDER: SubjectPublicKeyInfo (or PKCS#1 RSAPublicKey) DER.
    /// - Returns: `false` for a signature that does not verify, including a malformed one.
    /// - Throws: when the key does not load or does not suit the algorithm.
    public static func verify(
        _ data: [UInt8], signature: [UInt8], publicKeyDER: [UInt8], algorithm: SignatureAlgorithm
    ) throws(CryptoError) -> Bool {
        let stream = try DigestStream.verifying(publicKeyDER: publicKeyDER, algorithm: algorithm)
        try stream.update(data)
        return try stream.finish(verifying: signature)
    }

    /// Signs a digest computed by the caller with the algorithm's hash (no hashing here).
    ///
    /// - Throws: `.invalidParameters` when `digest` is not the hash's length.
    public static func sign(digest: [UInt8], privateKeyDER: SecretBytes, algorithm: SignatureAlgorithm) throws(CryptoError) -> [UInt8] {
        try checkDigestLength(digest, algorithm)
        let key = try KeyDER.loadPrivate(privateKeyDER)
        defer { EVP_PKEY_free(key) }
        try algorithm.check(key)
        return try signPrehashed(digest, key: key, algorithm: algorithm)
    }

    /// Whether `signature` is a valid signature over a digest computed by the caller.
    public static func verify(
        digest: [UInt8], signature: [UInt8], publicKeyDER: [UInt8], algorithm: SignatureAlgorithm
    ) throws(CryptoError) -> Bool {
        try checkDigestLength(digest, algorithm)
        let key = try KeyDER.loadPublic(publicKeyDER)
        defer { EVP_PKEY_free(key) }
        try algorithm.check(key)
        return try verifyPrehashed(digest, signature: signature, key: key, algorithm: algorithm)
    }

    /// Signs `digest` as it is, naming no hash: RSA PKCS#1 v1.5 padding with no DigestInfo, or
    /// ECDSA over the bytes. For clients that hash (and encode) themselves and say nothing of it.
    public static func sign(unnamedDigest digest: [UInt8], privateKeyDER: SecretBytes) throws(CryptoError) -> [UInt8] {
        let key = try KeyDER.loadPrivate(privateKeyDER)
        defer { EVP_PKEY_free(key) }
        return try signPrehashed(digest, key: key, algorithm: nil)
    }

    /// Whether `signature` is what `sign(unnamedDigest:privateKeyDER:)` makes of `digest`.
    public static func verify(unnamedDigest digest: [UInt8], signature: [UInt8], publicKeyDER: [UInt8]) throws(CryptoError) -> Bool {
        let key = try KeyDER.loadPublic(publicKeyDER)
        defer { EVP_PKEY_free(key) }
        return try verifyPrehashed(digest, signature: signature, key: key, algorithm: nil)
    }

    private static func checkDigestLength(_ digest: [UInt8], _ algorithm: SignatureAlgorithm) throws(CryptoError) {
        let expected = algorithm.digest.outputLength
        guard digest.count == expected else {
            throw .invalidParameters("a \(algorithm.digest.openSSLName) digest is \(expected) bytes, not \(digest.count)")
        }
    }

    /// `EVP_PKEY_sign` over `digest` with `algorithm` (its padding and hash), or with no hash
    /// named (`nil`).
    private static func signPrehashed(_ digest: [UInt8], key: OpaquePointer, algorithm: SignatureAlgorithm?) throws(CryptoError) -> [UInt8] {
        let context = try prehashContext(key, algorithm, signing: true)
        defer { EVP_PKEY_CTX_free(context) }
        // Without a named hash a refusal is the digest's (its length, say), not OpenSSL's.
        let what = algorithm.map { "signing with \($0.name)" } ?? "signing a digest"
        let code: CryptoError.Code = algorithm == nil ? .invalidParameters : .openSSL
        var length = 0
        guard EVP_PKEY_sign(context, nil, &length, digest, digest.count) == 1 else { throw .openSSL(what, code: code) }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_sign(context, &signature, &length, digest, digest.count) == 1 else { throw .openSSL(what, code: code) }
        signature.removeSubrange(length...)
        return signature
    }

    /// `EVP_PKEY_verify` of `signature` over `digest`, as `signPrehashed` signs it.
    private static func verifyPrehashed(_ digest: [UInt8], signature: [UInt8], key: OpaquePointer, algorithm: SignatureAlgorithm?) throws(CryptoError) -> Bool {
        let context = try prehashContext(key, algorithm, signing: false)
        defer { EVP_PKEY_CTX_free(context) }
        let result = EVP_PKEY_verify(context, signature, signature.count, digest, digest.count)
        ERR_clear_error()
        return result == 1
    }

    /// A signing or verifying key context: `algorithm`'s padding and hash, or with none named an
    /// RSA (PKCS#1 v1.5) or EC key's plain signature.
    private static func prehashContext(_ key: OpaquePointer, _ algorithm: SignatureAlgorithm?, signing: Bool) throws(CryptoError) -> OpaquePointer {
        let md = try algorithm.map { (algorithm) throws(CryptoError) in try algorithm.digest.requireMD() }
        let rsa = KeyDER.isRSA(key)
        if algorithm == nil, !rsa, !KeyDER.isEC(key) { throw CryptoError(.invalidKey, "a digest is signed as it is with an RSA or EC key only") }
        ERR_clear_error()
        guard let context = EVP_PKEY_CTX_new(key, nil) else { throw .openSSL("allocating a key context") }
        // Initialised first: the init resets the padding and hash.
        let initialized = (signing ? EVP_PKEY_sign_init(context) : EVP_PKEY_verify_init(context)) == 1
        let configured = if let algorithm, let md {
            initialized && algorithm.configure(context, signing: signing) && EVP_PKEY_CTX_set_signature_md(context, md) == 1
        } else {
            initialized && (!rsa || EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1)
        }
        guard configured else {
            EVP_PKEY_CTX_free(context)
            throw .openSSL("setting up \(algorithm?.name ?? "a signature of a digest")", code: .invalidParameters)
        }
        return context
    }
}
