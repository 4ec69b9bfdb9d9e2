import KMIP
import KMIPCrypto
import KMIPSpec
import KMIPTLS
import TTLV

/// PKCS#12 containers (2.1 sections 4.39, 6.1.25; RFC 7292), both ways. Register of a private
/// key in Key Format Type PKCS#12 stores the key (as PKCS#8) and every certificate in the
/// container as objects of their own, linked; Get of a private key in Key Format Type PKCS#12
/// builds the container from the key, its certificate chain and its password. Either way the
/// password is the Secret Data that the key's one PKCS#12 Password Link names, which must be
/// Active.
enum PKCS12Containers {
    /// The friendly name a container is given when the key has no PKCS#12 Friendly Name.
    static let defaultFriendlyName = "alias"

    /// Registers the private key in `register`'s PKCS#12 container and the certificates with
    /// it; returns the key's identifier.
    static func register(_ register: RegisterRequest, context: OperationContext) async throws -> String {
        guard case .bytes(let container)? = register.object.keyBlock?.keyMaterial else {
            throw OperationError(.invalidField, "a PKCS#12 private key is registered as the container's bytes in a plaintext Key Value")
        }
        let password = try await password(linkedFrom: register.attributes, context: context)
        let contents: PKCS12.Contents
        do {
            contents = try PKCS12.read(container, password: password)
        } catch where error.code == .authenticationFailed {
            throw OperationError(.badPassword, "the PKCS#12 Password Link's Secret Data does not open the container")
        } catch {
            throw CryptoOperations.failure(error)
        }
        let (algorithm, length) = try keyDescription(contents.privateKey)
        var requested = register.attributes
        let friendlyName = try requested.value(.pkcs_12FriendlyName, as: String.self) ?? contents.friendlyName
        try requested.set(.pkcs_12FriendlyName, friendlyName)
        // The certificates first, each linked to its issuer's when the container holds that
        // too, so that the key can link to its own, which shares its friendly name.
        var certificates: [StoredObject] = []
        do {
            for der in contents.certificates {
                let certificate = ManagedObject.certificate(Certificate(certificateType: .x_509, certificateValue: der))
                let friendly = try friendlyName.map { certificates.isEmpty ? [try Attribute(.pkcs_12FriendlyName, $0)] : [] } ?? []
                let identifier = try await context.insertNew(certificate, requested: Attributes(friendly), generated: false)
                certificates.append(try await context.object(identifier))
            }
            try await linkIssuers(certificates, context: context)
            // Stored as a Register of the key in PKCS#8 that names its algorithm and length.
            try requested.set(.cryptographicAlgorithm, algorithm)
            try requested.set(.cryptographicLength, length)
            let key = ManagedObject.privateKey(PrivateKey(keyBlock: KeyBlock(
                keyFormatType: .pkcs_8, keyMaterial: .bytes(contents.privateKey.bytes), cryptographicAlgorithm: algorithm, cryptographicLength: length)))
            let ownCertificate = certificates.first.map { [Attribute.link(.pkcs_12CertificateLink, to: $0.uniqueIdentifier)] } ?? []
            return try await context.insertNew(key, requested: requested, extra: ownCertificate, generated: false)
        } catch {
            // Nothing of a container that could not be registered whole stays behind.
            for certificate in certificates { try? await context.store.remove(certificate.uniqueIdentifier) }
            throw error
        }
    }

    /// `key` (a private key) as a PKCS#12 container: the key, the certificate chain from its
    /// base certificate, under the password of its PKCS#12 Password Link, with its PKCS#12
    /// Friendly Name (else "alias") as the alias.
    static func container(for key: StoredObject, context: OperationContext) async throws -> ManagedObject {
        guard key.objectType == .privateKey else {
            throw OperationError(.keyFormatTypeNotSupported, "PKCS#12 containers are made for private keys; object \(key.uniqueIdentifier) is a \(key.objectType)")
        }
        let password = try await password(linkedFrom: key.attributes, context: context)
        let chain = try await chain(of: key, context: context)
        let friendlyName = try key.attributes.value(.pkcs_12FriendlyName, as: String.self) ?? defaultFriendlyName
        let container: [UInt8]
        do {
            container = try PKCS12.make(privateKey: try KeyFormats.privateDER(key), certificates: chain, password: password, friendlyName: friendlyName)
        } catch let error as CryptoError {
            throw CryptoOperations.failure(error)
        }
        return key.object.replacingKeyBlock(KeyBlock(keyFormatType: .pkcs_12, keyMaterial: .bytes(container)))
    }

    /// The password the one PKCS#12 Password Link in `attributes` names: the key material of
    /// an Active Secret Data. A missing, repeated or non-Secret-Data link is a Bad Password;
    /// a Secret Data not Active is in the wrong state (as TC-PKCS12-2-20 records; see
    /// SPEC-NOTES).
    static func password(linkedFrom attributes: Attributes, context: OperationContext) async throws -> SecretBytes {
        let links = StorageOperations.linkedIdentifiers(in: attributes, type: .pkcs_12PasswordLink)
        guard links.count == 1, let identifier = links.first else {
            throw OperationError(.badPassword, "PKCS#12 needs one PKCS#12 Password Link to the password's Secret Data; there are \(links.count)")
        }
        let secret = try await context.object(identifier)
        guard case .secretData(let data) = secret.object else {
            throw OperationError(.badPassword, "the PKCS#12 Password Link names object \(identifier), a \(secret.objectType), not Secret Data")
        }
        guard secret.state == .active else {
            throw OperationError(.wrongKeyLifecycleState, "the PKCS#12 password (object \(identifier)) is \(secret.state), not Active")
        }
        guard case .bytes(let bytes)? = data.keyBlock.keyMaterial else {
            throw OperationError(.badPassword, "the PKCS#12 password (object \(identifier)) is not held in plaintext bytes")
        }
        return SecretBytes(bytes)
    }

    /// The certificates (DER) of `key`'s chain: its base certificate, named by the PKCS#12
    /// Certificate Link of its public key (through its Public Key Link) or of the key itself,
    /// then each certificate's parent by its Certificate Link (or PKCS#12 Certificate Link, as
    /// TC-PKCS12-1-20 chains them). None when the key has no certificate.
    static func chain(of key: StoredObject, context: OperationContext) async throws -> [[UInt8]] {
        var base = StorageOperations.linkedIdentifiers(in: key.attributes, type: .pkcs_12CertificateLink).first
        if let publicKey = try await StorageOperations.linkedObject(of: key, type: .publicKeyLink, context: context),
           let linked = StorageOperations.linkedIdentifiers(in: publicKey.attributes, type: .pkcs_12CertificateLink).first {
            base = linked
        }
        var chain: [[UInt8]] = []
        var seen: Set<String> = []
        var next = base
        while let identifier = next, seen.insert(identifier).inserted {
            let object = try await context.object(identifier)
            guard case .certificate(let certificate) = object.object, certificate.certificateType == .x_509 else {
                throw OperationError(.invalidObjectType, "object \(identifier) in the certificate chain of \(key.uniqueIdentifier) is not an X.509 certificate")
            }
            chain.append(certificate.certificateValue)
            let parents = Set([LinkType.certificateLink, .pkcs_12CertificateLink].flatMap { StorageOperations.linkedIdentifiers(in: object.attributes, type: $0) })
                .subtracting([identifier])
            guard parents.count <= 1 else {
                throw OperationError(.invalidField, "certificate \(identifier) links to \(parents.count) parent certificates: more than one certificate chain")
            }
            next = parents.first
        }
        return chain
    }

    /// Gives each of `certificates` a Certificate Link to the one among them that issued it
    /// (its issuer name the other's subject name).
    private static func linkIssuers(_ certificates: [StoredObject], context: OperationContext) async throws {
        let names = certificates.map { object -> (issuer: [UInt8], subject: [UInt8])? in
            guard case .certificate(let certificate) = object.object, let details = try? CertificateDetails(der: certificate.certificateValue) else { return nil }
            return (details.issuer.der, details.subject.der)
        }
        for (index, object) in certificates.enumerated() {
            guard let issuer = names[index]?.issuer, issuer != names[index]?.subject,
                  let parent = names.indices.first(where: { $0 != index && names[$0]?.subject == issuer }) else { continue }
            var linked = object
            linked.attributes.appendInstance(Attribute.link(.certificateLink, to: certificates[parent].uniqueIdentifier))
            try await context.store.update(linked)
        }
    }

    /// The algorithm and length in bits of a private key.
    private static func keyDescription(_ privateKey: SecretBytes) throws(OperationError) -> (CryptographicAlgorithm, Int32) {
        do {
            switch try AsymmetricKeys.kind(privateKeyDER: privateKey) {
            case .rsa(let bits): return (.rsa, Int32(bits))
            case .ec(_, let bits): return (.ec, Int32(bits))
            }
        } catch {
            throw CryptoOperations.failure(error)
        }
    }
}
