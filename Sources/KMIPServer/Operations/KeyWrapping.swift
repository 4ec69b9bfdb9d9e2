import KMIP
import KMIPCrypto
import KMIPSpec
import TTLV

/// Get with a Key Wrapping Specification: the Key Value encrypted under another key the
/// client owns, with AES Key Wrap (RFC 3394, NIST Key Wrap), AES Key Wrap with Padding
/// (RFC 5649) or RSA-OAEP to a public key. The Key Value is TTLV-encoded before wrapping (with
/// the attributes the specification names) unless the Encoding Option says No Encoding, when
/// only the Key Material bytes are wrapped.
enum KeyWrapping {
    /// `object` with its Key Value wrapped as `specification` asks.
    static func wrap(_ object: ManagedObject, identifier: String, attributes: Attributes, as specification: KeyWrappingSpecification,
                     context: OperationContext) async throws -> ManagedObject {
        guard var block = object.keyBlock, case .plaintext(var value)? = block.keyValue else {
            throw OperationError(.invalidObjectType, "object \(identifier) holds no plaintext key to wrap")
        }
        guard specification.wrappingMethod == .encrypt else {
            throw OperationError(.featureNotSupported, "wrapping method \(specification.wrappingMethod) is not supported (Encrypt only)")
        }
        guard let information = specification.encryptionKeyInformation else {
            throw OperationError.missing("Encryption Key Information (the Encrypt wrapping method)")
        }
        guard information.uniqueIdentifier != identifier else {
            throw OperationError(.invalidField, "object \(identifier) cannot wrap itself")
        }
        let encoding = specification.encodingOption ?? .ttlvEncoding
        let plaintext: SecretBytes
        switch encoding {
        case .noEncoding:
            guard specification.attributeNames.isEmpty else {
                throw OperationError(.encodingOptionError, "with No Encoding the wrapped Key Value cannot carry attributes")
            }
            guard case .bytes(let material) = value.keyMaterial else {
                throw OperationError(.encodingOptionError, "No Encoding wraps a Byte String Key Material; \(block.keyFormatType) is a structure")
            }
            plaintext = SecretBytes(material)
        case .ttlvEncoding:
            if !specification.attributeNames.isEmpty {
                let wanted = Set(specification.attributeNames)
                value.attributes = Attributes(attributes.list.filter { wanted.contains(name(of: $0.name)) })
            }
            do {
                plaintext = SecretBytes(try TTLVEncoder.encode(try value.ttlv(.keyValue, version: context.version)))
            } catch {
                throw OperationError(.encodingOptionError, "the Key Value cannot be encoded in KMIP \(context.version): \(error)")
            }
        default:
            throw OperationError(.encodingOptionError, "encoding option \(encoding) is not defined")
        }
        let wrappingKey = try await self.wrappingKey(information.uniqueIdentifier, context: context)
        let parameters = try self.parameters(information.cryptographicParameters, of: wrappingKey)
        block.keyValue = .wrapped(try encrypt(plaintext, with: wrappingKey, parameters: parameters))
        block.keyWrappingData = KeyWrappingData(wrappingMethod: .encrypt, encryptionKeyInformation: information, encodingOption: specification.encodingOption)
        return object.replacingKeyBlock(block)
    }

    /// `object`'s key as the client registered it wrapped, unwrapped with the key its Key
    /// Wrapping Data names (Get with Key Wrap Type Not Wrapped). That key must be the client's,
    /// usable, with Unwrap Key in its mask.
    static func unwrap(_ object: StoredObject, context: OperationContext) async throws -> ManagedObject {
        guard var block = object.object.keyBlock, case .wrapped(let wrapped)? = block.keyValue, let wrapping = block.keyWrappingData else {
            return object.object
        }
        guard wrapping.wrappingMethod == .encrypt, let information = wrapping.encryptionKeyInformation else {
            throw OperationError(.featureNotSupported, "object \(object.uniqueIdentifier) is wrapped by \(wrapping.wrappingMethod), which this server cannot undo (Encrypt only)")
        }
        let key = try await wrappingKey(information.uniqueIdentifier, usage: .unwrapKey, context: context)
        let parameters = try self.parameters(information.cryptographicParameters, of: key)
        let plaintext = try decrypt(wrapped, with: key, parameters: parameters)
        switch wrapping.encodingOption ?? .ttlvEncoding {
        case .noEncoding:
            block.keyValue = .plaintext(KeyValue(keyMaterial: .bytes(plaintext.withUnsafeBytes { Array($0) })))
        default:
            do {
                let item = try plaintext.withUnsafeBytes { bytes in try TTLVDecoder.decode(Array(bytes)) }
                block.keyValue = .plaintext(try KeyValue(ttlv: item, version: context.version, format: block.keyFormatType))
            } catch {
                // The decoder's reason would quote the unwrapped bytes: key material.
                throw OperationError(.encodingOptionError, "the unwrapped Key Value of object \(object.uniqueIdentifier) is not a TTLV Key Value (is its Encoding Option No Encoding?)")
            }
        }
        block.keyWrappingData = nil
        return object.object.replacingKeyBlock(block)
    }

    /// The attribute's name as a Key Wrapping Specification names it.
    static func name(of name: Attribute.Name) -> String {
        switch name {
        case .standard(let tag): SpecTable.tag(tag, in: .latest)?.specName ?? tag.description
        case .vendor(let identification, let name): identification + "-" + name
        }
    }

    /// The key to wrap (or unwrap) with: the client's, Active, with Wrap Key (Unwrap Key) in its mask.
    static func wrappingKey(_ identifier: String, usage: CryptographicUsageMask = .wrapKey, context: OperationContext) async throws -> StoredObject {
        let key: StoredObject
        do {
            key = try await context.object(identifier)
        } catch let error as OperationError where error.reason == .objectNotFound {
            throw OperationError(.wrappingObjectNotFound, "wrapping key \(identifier) does not exist")
        }
        if key.state == .destroyed || key.state == .destroyedCompromised {
            throw OperationError(.wrappingObjectDestroyed, "wrapping key \(identifier) was destroyed")
        }
        if key.archived { throw OperationError(.wrappingObjectArchived, "wrapping key \(identifier) is archived") }
        try key.requireUsable(for: usage, operation: usage == .wrapKey ? "wrapping a key" : "unwrapping a key", context: context)
        return key
    }

    /// The parameters to wrap with. Given ones must match one of the key's Cryptographic
    /// Parameters attributes when it has any; without any, the key's first one is used.
    static func parameters(_ requested: CryptographicParameters?, of key: StoredObject) throws(OperationError) -> CryptographicParameters {
        let own: [CryptographicParameters] = key.attributes.list.compactMap { attribute in
            guard attribute.name == .standard(.cryptographicParameters) else { return nil }
            return try? CryptographicParameters(ttlv: TTLVItem(tag: .cryptographicParameters, attribute.value), version: .latest)
        }
        guard let requested else { return own.first ?? CryptographicParameters() }
        guard own.isEmpty || own.contains(requested) else {
            throw OperationError(.badCryptographicParameters, "the wrapping parameters match none of the Cryptographic Parameters of key \(key.uniqueIdentifier)")
        }
        return requested
    }

    /// Encrypts `plaintext` with `key`: AES Key Wrap (NIST Key Wrap, the default, or with
    /// padding) under a symmetric key, RSA-OAEP (SHA-1 unless told) to a public key.
    static func encrypt(_ plaintext: SecretBytes, with key: StoredObject, parameters: CryptographicParameters) throws(OperationError) -> [UInt8] {
        guard let block = key.object.keyBlock else {
            throw OperationError(.invalidObjectType, "wrapping key \(key.uniqueIdentifier) holds no key")
        }
        do {
            switch (key.objectType, block.cryptographicAlgorithm) {
            case (.symmetricKey, .aes?):
                let padding = try keyWrapPadding(parameters)
                if !padding && (plaintext.count % 8 != 0 || plaintext.count < 16) {
                    throw OperationError(.badCryptographicParameters, "NIST Key Wrap needs a multiple of 8 bytes, at least 16 (this is \(plaintext.count)); use AES Key Wrap Padding")
                }
                return try KeyWrap.wrap(plaintext, kek: try KeyFormats.symmetricBytes(key), padding: padding)
            case (.publicKey, .rsa?):
                let padding = try oaep(parameters)
                let material = try KeyFormats.publicDER(key)
                return try plaintext.withUnsafeBytes { bytes throws(CryptoError) in
                    try RSAEncryption.encrypt(Array(bytes), publicKeyDER: material, padding: padding)
                }
            default:
                throw OperationError(.invalidObjectType, "wrapping key \(key.uniqueIdentifier) is neither an AES key nor an RSA public key")
            }
        } catch {
            throw CryptoOperations.operationError(error)
        }
    }

    /// Decrypts what `encrypt` made: AES Key Wrap (with padding when the parameters say) under a
    /// symmetric key, RSA-OAEP with a private key.
    static func decrypt(_ wrapped: [UInt8], with key: StoredObject, parameters: CryptographicParameters) throws(OperationError) -> SecretBytes {
        do {
            switch (key.objectType, key.object.keyBlock?.cryptographicAlgorithm) {
            case (.symmetricKey, .aes?):
                return try KeyWrap.unwrap(wrapped, kek: try KeyFormats.symmetricBytes(key), padding: try keyWrapPadding(parameters))
            case (.privateKey, .rsa?):
                return SecretBytes(try RSAEncryption.decrypt(wrapped, privateKeyDER: try KeyFormats.privateDER(key), padding: try oaep(parameters)))
            default:
                throw OperationError(.invalidObjectType, "unwrapping key \(key.uniqueIdentifier) is neither an AES key nor an RSA private key")
            }
        } catch {
            throw CryptoOperations.operationError(error)
        }
    }

    /// Whether the parameters ask for AES Key Wrap with padding (RFC 5649) rather than NIST Key
    /// Wrap (RFC 3394, the default).
    static func keyWrapPadding(_ parameters: CryptographicParameters) throws(OperationError) -> Bool {
        switch parameters.blockCipherMode {
        case nil, .nistKeyWrap?: false
        case .aesKeyWrapPadding?: true
        case let other?: throw OperationError(.unsupportedCryptographicParameters, "keys are wrapped with NIST Key Wrap or AES Key Wrap Padding, not \(other)")
        }
    }

    /// RSA key wrapping's padding: OAEP, the default (SHA-1 unless the parameters say).
    static func oaep(_ parameters: CryptographicParameters) throws(OperationError) -> RSAEncryption.Padding {
        var oaep = parameters
        if oaep.paddingMethod == nil { oaep.paddingMethod = .oaep }
        guard oaep.paddingMethod == .oaep else {
            throw OperationError(.unsupportedCryptographicParameters, "RSA key wrapping uses OAEP, not \(oaep.paddingMethod.map { "\($0)" } ?? "")")
        }
        return try CryptoOperations.rsaPadding(oaep)
    }
}
