import KMIP
import KMIPCrypto
import KMIPSpec
import TTLV

/// Create Split Key and Join Split Key (1.2 sections 4.38, 4.39; 2.1 6.1.10, 6.1.27), with the
/// XOR and Polynomial Sharing GF(2^8) methods (`SecretSharing`).
enum SplitKeyOperations {
    static var all: [Operation: OperationHandler] {
        [.createSplitKey: createSplitKey, .joinSplitKey: joinSplitKey]
    }

    static func sharing(_ method: SplitKeyMethod) throws(OperationError) -> SecretSharing.Method {
        switch method {
        case .xor: return .xor
        case .polynomialSharingGF2_8: return .polynomialGF256
        default: throw OperationError(.unsupportedCryptographicParameters, "split key method \(method) is not supported (XOR and Polynomial Sharing GF(2^8) are)")
        }
    }

    /// Splits the key named (its algorithm and length win over the request's) or a new one made
    /// as Create makes keys; each part is a Split Key object, part 1 first and in the ID
    /// Placeholder.
    static let createSplitKey: OperationHandler = { request, context in
        let create = try StandardOperations.payload(request, as: CreateSplitKeyRequest.self)
        guard create.objectType == .splitKey else {
            throw OperationError(.invalidObjectType, "Create Split Key makes Split Key objects, not \(create.objectType)")
        }
        let method = try sharing(create.splitKeyMethod)
        var attributes = try await context.applyingTemplates(create.attributes)
        let secret: [UInt8]
        let algorithm: CryptographicAlgorithm
        let length: Int32
        if let identifier = create.uniqueIdentifier {
            let key = try await context.object(identifier)
            guard let block = key.object.keyBlock, case .bytes(let bytes)? = block.keyMaterial,
                  let keyAlgorithm = block.cryptographicAlgorithm, let keyLength = block.cryptographicLength else {
                throw OperationError(.invalidObjectType, "object \(identifier) holds no key in raw bytes to split")
            }
            (secret, algorithm, length) = (bytes, keyAlgorithm, keyLength)
        } else {
            (secret, algorithm, length) = try StandardOperations.newKey(attributes)
        }
        try attributes.set(.cryptographicAlgorithm, algorithm)
        try attributes.set(.cryptographicLength, length)
        let parts: [SecretSharing.Part]
        do {
            parts = try SecretSharing.split(secret, parts: Int(create.splitKeyParts), threshold: Int(create.splitKeyThreshold), method: method)
        } catch let error as CryptoError {
            throw CryptoOperations.failure(error)
        }
        var identifiers: [String] = []
        for part in parts {
            let block = KeyBlock(keyFormatType: .raw, keyMaterial: .bytes(part.bytes), cryptographicAlgorithm: algorithm, cryptographicLength: length)
            let split = SplitKey(splitKeyParts: create.splitKeyParts, keyPartIdentifier: Int32(part.number), splitKeyThreshold: create.splitKeyThreshold,
                                 splitKeyMethod: create.splitKeyMethod, keyBlock: block)
            identifiers.append(try await context.insertNew(.splitKey(split), requested: attributes, generated: true))
        }
        // Several identifiers leave the dispatcher's choice empty; the spec names part 1.
        context.idPlaceholder = identifiers.first
        return CreateSplitKeyResponse(uniqueIdentifiers: identifiers)
    }

    /// Rebuilds a symmetric key (or secret data) from parts of one split, at least its
    /// threshold of them; the new object has the parts' algorithm and length.
    static let joinSplitKey: OperationHandler = { request, context in
        let join = try StandardOperations.payload(request, as: JoinSplitKeyRequest.self)
        guard join.objectType == .symmetricKey || join.objectType == .secretData else {
            throw OperationError(.invalidObjectType, "Join Split Key makes a symmetric key or secret data, not \(join.objectType)")
        }
        var splits: [SplitKey] = []
        for identifier in join.uniqueIdentifiers {
            let object = try await context.object(identifier)
            guard case .splitKey(let split) = object.object else { throw OperationError(.invalidObjectType, "object \(identifier) is not a Split Key") }
            splits.append(split)
        }
        guard let first = splits.first else { throw OperationError.missing("the Split Keys to join") }
        guard splits.allSatisfy({ $0.splitKeyMethod == first.splitKeyMethod && $0.splitKeyThreshold == first.splitKeyThreshold && $0.splitKeyParts == first.splitKeyParts }) else {
            throw OperationError(.invalidField, "the Split Keys are parts of different splits")
        }
        // Too few parts cannot give the key back: Cryptographic Failure, as TC-SJ-1 records.
        guard splits.count >= Int(first.splitKeyThreshold) else {
            throw OperationError(.cryptographicFailure, "\(splits.count) parts given; joining needs \(first.splitKeyThreshold)")
        }
        let secret: [UInt8]
        do {
            let parts = try splits.map { split throws(OperationError) in
                guard case .bytes(let bytes)? = split.keyBlock.keyMaterial else { throw OperationError(.invalidField, "a Split Key holds no key in raw bytes") }
                return SecretSharing.Part(number: Int(split.keyPartIdentifier), bytes: bytes)
            }
            secret = try SecretSharing.join(parts, method: try sharing(first.splitKeyMethod))
        } catch let error as CryptoError {
            throw CryptoOperations.failure(error)
        }
        var attributes = try await context.applyingTemplates(join.attributes ?? Attributes())
        let object: ManagedObject
        if join.objectType == .secretData {
            object = .secretData(SecretData(secretDataType: join.secretDataType ?? .seed, keyBlock: KeyBlock(keyFormatType: .opaque, keyMaterial: .bytes(secret))))
        } else {
            // The parts' algorithm and length, else the request's.
            guard let algorithm = try first.keyBlock.cryptographicAlgorithm ?? attributes.cryptographicAlgorithm else { throw OperationError.missing("Cryptographic Algorithm") }
            let length = first.keyBlock.cryptographicLength ?? Int32(secret.count * 8)
            try attributes.set(.cryptographicAlgorithm, algorithm)
            try attributes.set(.cryptographicLength, length)
            object = .symmetricKey(SymmetricKey(keyBlock: KeyBlock(keyFormatType: .raw, keyMaterial: .bytes(secret), cryptographicAlgorithm: algorithm, cryptographicLength: length)))
        }
        let identifier = try await context.insertNew(object, requested: attributes, generated: false)
        return JoinSplitKeyResponse(uniqueIdentifier: identifier)
    }
}
