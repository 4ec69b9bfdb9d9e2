import KMIP
import KMIPCrypto
import KMIPSpec
import TTLV

/// Create Key Pair (and the key pair making Re-key Key Pair shares), Sign and Signature Verify. Private keys are kept as PKCS#8, public keys
/// as X.509 SubjectPublicKeyInfo, both DER.
enum KeyPairOperations {
    static var all: [Operation: OperationHandler] {
        [.createKeyPair: createKeyPair, .sign: sign, .signatureVerify: signatureVerify]
    }

    static let curves: [RecommendedCurve: AsymmetricKeys.Curve] = [.p_256: .p256, .p_384: .p384, .p_521: .p521, .secp256K1: .secp256k1]

    static let createKeyPair: OperationHandler = { request, context in
        let create = try StandardOperations.payload(request, as: CreateKeyPairRequest.self)
        let common = try await context.applyingTemplates(create.commonAttributes ?? Attributes())
        let privateRequested = try await context.applyingTemplates(create.privateKeyAttributes ?? Attributes())
        let publicRequested = try await context.applyingTemplates(create.publicKeyAttributes ?? Attributes())
        func first<T: TTLVDecodable>(_ tag: Tag, as type: T.Type) throws -> T? {
            try common.value(tag, as: type) ?? privateRequested.value(tag, as: type) ?? publicRequested.value(tag, as: type)
        }
        guard let algorithm = try first(.cryptographicAlgorithm, as: CryptographicAlgorithm.self) else { throw OperationError.missing("Cryptographic Algorithm") }
        let length = try first(.cryptographicLength, as: Int32.self)
        var curve: AsymmetricKeys.Curve?
        if algorithm == .ec || algorithm == .ecdsa {
            let named = try first(.recommendedCurve, as: RecommendedCurve.self)
                ?? (try first(.cryptographicDomainParameters, as: TTLVItem.self))?[.recommendedCurve].flatMap { item -> RecommendedCurve? in
                    if case .enumeration(let raw) = item.value { return RecommendedCurve(rawValue: raw) }
                    return nil
                }
                ?? [256: RecommendedCurve.p_256, 384: .p_384, 521: .p_521][length ?? 256]
            guard let named, let known = curves[named] else { throw OperationError(.invalidField, "EC keys use P-256, P-384, P-521 or secp256k1") }
            curve = known
        }
        let (pair, bits) = try await generate(algorithm, length: length, curve: curve)
        let privateIdentifier = await context.store.newIdentifier()
        let publicIdentifier = await context.store.newIdentifier()
        try await context.requireUniqueNames(common.list + privateRequested.list + publicRequested.list)
        var privateAttributes = try ServerAttributes.initial(Attributes(common.list + privateRequested.list), identifier: privateIdentifier, objectType: .privateKey, context: context)
        var publicAttributes = try ServerAttributes.initial(Attributes(common.list + publicRequested.list), identifier: publicIdentifier, objectType: .publicKey, context: context)
        privateAttributes.list.append(Attribute.link(.publicKeyLink, to: publicIdentifier))
        publicAttributes.list.append(Attribute.link(.privateKeyLink, to: privateIdentifier))
        try await store(pair, algorithm: algorithm, bits: bits, privateKey: (privateIdentifier, privateAttributes), publicKey: (publicIdentifier, publicAttributes), context: context)
        return CreateKeyPairResponse(privateKeyUniqueIdentifier: privateIdentifier, publicKeyUniqueIdentifier: publicIdentifier)
    }

    /// A new RSA pair of `length` bits, or EC pair on `curve`, and its size in bits.
    static func generate(_ algorithm: CryptographicAlgorithm, length: Int32?, curve: AsymmetricKeys.Curve?) async throws -> (KeyPairDER, Int32) {
        do {
            switch algorithm {
            case .rsa:
                guard let length, AsymmetricKeys.rsaKeySizes.contains(Int(length)) else {
                    throw OperationError(.invalidField, "RSA keys are \(AsymmetricKeys.rsaKeySizes.lowerBound) to \(AsymmetricKeys.rsaKeySizes.upperBound) bits")
                }
                // Seconds for 4096 bits: off the connection's event loop, which serves others meanwhile.
                return (try await Task.detached { try AsymmetricKeys.generateRSA(bits: Int(length)) }.value, length)
            case .ec, .ecdsa:
                guard let curve else { throw OperationError(.invalidField, "EC keys use P-256, P-384, P-521 or secp256k1") }
                return (try AsymmetricKeys.generateEC(curve: curve), Int32(curve.bits))
            default:
                throw OperationError(.invalidField, "cannot generate \(algorithm) key pairs (RSA and EC only)")
            }
        } catch let error as CryptoError {
            throw CryptoOperations.failure(error)
        }
    }

    /// Stores a new pair, the private key as PKCS#8 and the public key as X.509
    /// SubjectPublicKeyInfo, with the attributes given for each and their length.
    static func store(_ pair: KeyPairDER, algorithm: CryptographicAlgorithm, bits: Int32, privateKey: (identifier: String, attributes: Attributes),
                      publicKey: (identifier: String, attributes: Attributes), context: OperationContext) async throws {
        func block(_ format: KeyFormatType, _ der: [UInt8]) -> KeyBlock {
            KeyBlock(keyFormatType: format, keyMaterial: .bytes(der), cryptographicAlgorithm: algorithm, cryptographicLength: bits)
        }
        var (privateAttributes, publicAttributes) = (privateKey.attributes, publicKey.attributes)
        try privateAttributes.set(.cryptographicLength, bits)
        try publicAttributes.set(.cryptographicLength, bits)
        try await context.insertNew(StoredObject(uniqueIdentifier: privateKey.identifier, objectType: .privateKey,
                                                    object: .privateKey(PrivateKey(keyBlock: block(.pkcs_8, pair.privateKey.bytes))),
                                                    attributes: privateAttributes, owner: context.client), generated: true)
        try await context.insertNew(StoredObject(uniqueIdentifier: publicKey.identifier, objectType: .publicKey,
                                                    object: .publicKey(PublicKey(keyBlock: block(.x_509, pair.publicKey))),
                                                    attributes: publicAttributes, owner: context.client), generated: true)
    }

    /// The signature algorithm the parameters and the key's algorithm describe.
    static func algorithm(_ parameters: CryptographicParameters, keyAlgorithm: CryptographicAlgorithm) throws(OperationError) -> SignatureAlgorithm {
        let digest = try CryptoOperations.digest(parameters.hashingAlgorithm ?? .sha_256)
        if let named = parameters.digitalSignatureAlgorithm {
            switch named {
            case .sha_256WithRSAEncryptionPKCS_1V1_5: return .rsaPKCS1v15(.sha256)
            case .sha_384WithRSAEncryptionPKCS_1V1_5: return .rsaPKCS1v15(.sha384)
            case .sha_512WithRSAEncryptionPKCS_1V1_5: return .rsaPKCS1v15(.sha512)
            case .sha_1WithRSAEncryptionPKCS_1V1_5: return .rsaPKCS1v15(.sha1)
            case .rsassa_PSSPKCS_1V2_1: return .rsaPSS(digest, saltLength: parameters.saltLength.map(Int.init))
            case .ecdsaWithSHA256: return .ecdsa(.sha256)
            case .ecdsaWithSHA384: return .ecdsa(.sha384)
            case .ecdsaWithSHA512: return .ecdsa(.sha512)
            default: throw OperationError(.unsupportedCryptographicParameters, "digital signature algorithm \(named) is not supported")
            }
        }
        switch (parameters.cryptographicAlgorithm ?? keyAlgorithm, parameters.paddingMethod) {
        case (.rsa, .pss?): return .rsaPSS(digest, saltLength: parameters.saltLength.map(Int.init))
        case (.rsa, nil), (.rsa, .pkcs1V1_5?): return .rsaPKCS1v15(digest)
        case (.ec, _), (.ecdsa, _): return .ecdsa(digest)
        case (let other, let padding): throw OperationError(.unsupportedCryptographicParameters, "cannot sign with \(other)\(padding.map { " and \($0)" } ?? "")")
        }
    }

    /// An asymmetric key as DER (PKCS#8 or SubjectPublicKeyInfo), whatever form it is stored in.
    static func keyBytes(_ object: StoredObject) throws(OperationError) -> (der: [UInt8], algorithm: CryptographicAlgorithm) {
        guard let algorithm = object.object.keyBlock?.cryptographicAlgorithm else {
            throw OperationError(.invalidObjectType, "object \(object.uniqueIdentifier) has no Cryptographic Algorithm")
        }
        switch object.objectType {
        case .privateKey: return (try KeyFormats.privateDER(object).bytes, algorithm)
        case .publicKey: return (try KeyFormats.publicDER(object), algorithm)
        default: throw OperationError(.invalidObjectType, "object \(object.uniqueIdentifier) is not an asymmetric key")
        }
    }

    static let sign: OperationHandler = { request, context in
        let sign = try StandardOperations.payload(request, as: SignRequest.self)
        let part = try Part(correlation: sign.correlationValue, initial: sign.initIndicator, final: sign.finalIndicator)
        let object = try await context.object(sign.uniqueIdentifier)
        guard object.objectType == .privateKey else { throw OperationError(.invalidObjectType, "Sign needs a private key") }
        try object.requireUsable(for: .sign, operation: "Sign", context: context)
        let (der, keyAlgorithm) = try keyBytes(object)
        let parameters = CryptoOperations.parameters(sign.cryptographicParameters, object)
        let algorithm = try algorithm(parameters, keyAlgorithm: keyAlgorithm)
        if let digest = try wholeDigest(sign.digestedData, data: sign.data, part: part) {
            let signature: [UInt8]
            do throws(CryptoError) {
                signature = namesHash(parameters)
                    ? try Signature.sign(digest: digest, privateKeyDER: SecretBytes(der), algorithm: algorithm)
                    : try Signature.sign(unnamedDigest: digest, privateKeyDER: SecretBytes(der))
            } catch {
                throw CryptoOperations.failure(error)
            }
            try await context.consumeUsage(of: object, bytes: digest.count)
            return SignResponse(uniqueIdentifier: object.uniqueIdentifier, signatureData: signature)
        }
        let data = try part.data(sign.data)
        let owner = CryptoStreams.Owner(client: context.client, object: object.uniqueIdentifier, operation: .sign)
        let digesting = try await CryptoOperations.runDigest(part, data: data, owner: owner, expected: nil, context: context) {
            try await context.consumeUsage(of: object, bytes: data.count, uses: part.beginsUse ? 1 : 0)
        } start: {
            try DigestStream.signing(privateKeyDER: SecretBytes(der), algorithm: algorithm)
        } finish: { stream, _ in
            try stream.finish()
        }
        switch digesting {
        case .open(let correlation):
            return SignResponse(uniqueIdentifier: object.uniqueIdentifier, correlationValue: correlation)
        case .ended(let signature):
            return SignResponse(uniqueIdentifier: object.uniqueIdentifier, signatureData: signature)
        }
    }

    static let signatureVerify: OperationHandler = { request, context in
        let verify = try StandardOperations.payload(request, as: SignatureVerifyRequest.self)
        let part = try Part(correlation: verify.correlationValue, initial: verify.initIndicator, final: verify.finalIndicator)
        let object = try await context.object(verify.uniqueIdentifier)
        guard object.objectType == .publicKey else { throw OperationError(.invalidObjectType, "Signature Verify needs a public key") }
        try object.requireUsable(for: .verify, operation: "Signature Verify", context: context)
        let (der, keyAlgorithm) = try keyBytes(object)
        let parameters = CryptoOperations.parameters(verify.cryptographicParameters, object)
        let algorithm = try algorithm(parameters, keyAlgorithm: keyAlgorithm)
        let valid: Bool
        if let digest = try wholeDigest(verify.digestedData, data: verify.data, part: part) {
            guard let signature = verify.signatureData else { throw OperationError.missing("Signature Data") }
            do throws(CryptoError) {
                valid = namesHash(parameters)
                    ? try Signature.verify(digest: digest, signature: signature, publicKeyDER: der, algorithm: algorithm)
                    : try Signature.verify(unnamedDigest: digest, signature: signature, publicKeyDER: der)
            } catch {
                throw CryptoOperations.failure(error)
            }
        } else {
            let owner = CryptoStreams.Owner(client: context.client, object: object.uniqueIdentifier, operation: .signatureVerify)
            let digesting = try await CryptoOperations.runDigest(part, data: try part.data(verify.data), owner: owner, expected: verify.signatureData, context: context) {
                try DigestStream.verifying(publicKeyDER: der, algorithm: algorithm)
            } finish: { stream, expected in
                guard let expected else { throw OperationError.missing("Signature Data") }
                return try stream.finish(verifying: expected)
            }
            switch digesting {
            case .open(let correlation):
                return SignatureVerifyResponse(uniqueIdentifier: object.uniqueIdentifier, correlationValue: correlation)
            case .ended(let checked):
                valid = checked
            }
        }
        return SignatureVerifyResponse(uniqueIdentifier: object.uniqueIdentifier, validityIndicator: valid ? .valid : .invalid)
    }

    /// Whether the parameters name the hash Digested Data was made with (a Hashing Algorithm, a
    /// Digital Signature Algorithm, or PSS, which needs one). Without one the digest is signed as
    /// it is (TC-RSA-SIGN-DIGESTEDDATA-1, TC-ECDSA-SIGN-DIGESTEDDATA-1).
    static func namesHash(_ parameters: CryptographicParameters) -> Bool {
        parameters.hashingAlgorithm != nil || parameters.digitalSignatureAlgorithm != nil || parameters.paddingMethod == .pss
    }

    /// The Digested Data of a Sign or Signature Verify, which is signed or checked whole; nil
    /// when the request carries data to hash instead.
    private static func wholeDigest(_ digest: [UInt8]?, data: [UInt8]?, part: Part) throws(OperationError) -> [UInt8]? {
        guard let digest else {
            if part == .whole, data == nil { throw OperationError.missing("Data or Digested Data") }
            return nil
        }
        guard part == .whole else { throw OperationError(.invalidField, "Digested Data is signed or checked whole, not in parts") }
        return digest
    }
}
