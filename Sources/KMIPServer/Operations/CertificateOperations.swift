import Foundation
import KMIP
import KMIPSpec
import KMIPTLS
import TTLV

/// Certify and Re-certify (KMIP 2.1 sections 6.1.6 and 6.1.41; 1.x 4.7 and 4.8): X.509
/// certificates for the client's public keys, signed by the server's CA (`kmip serve`'s test
/// PKI, or the one configured). The certificate and its key link to each other.
enum CertificateOperations {
    static let all: [KMIPSpec.Operation: OperationHandler] = [
        .certify: certify,
        .reCertify: reCertify,
    ]

    static let certify: OperationHandler = { request, context in
        let certify = try StandardOperations.payload(request, as: CertifyRequest.self)
        let key = try await context.object(certify.uniqueIdentifier)
        guard key.objectType == .publicKey else { throw OperationError(.invalidObjectType, "Certify certifies a public key; object \(key.uniqueIdentifier) is a \(key.objectType)") }
        try StorageOperations.requireNotDestroyed(key)
        let certificate = try issue(for: key, requestType: certify.certificateRequestType, request: certify.certificateRequestValue, context: context)
        let identifier = try await context.insertNew(.certificate(certificate), requested: certify.attributes ?? Attributes(),
                                                     extra: [Attribute.link(.publicKeyLink, to: key.uniqueIdentifier)], generated: false)
        try await link(key, to: identifier, context: context)
        return CertifyResponse(uniqueIdentifier: identifier)
    }

    /// A new certificate for the key of an existing one, which it replaces as Re-key replaces
    /// a key: attributes carried (dates moved by an Offset), names moved, Replaced and
    /// Replacement Object Links; the key's Certificate Link then names the new one.
    static let reCertify: OperationHandler = { request, context in
        let reCertify = try StandardOperations.payload(request, as: ReCertifyRequest.self)
        let old = try await context.object(reCertify.uniqueIdentifier)
        guard old.objectType == .certificate else { throw OperationError(.invalidObjectType, "Re-certify replaces a certificate; object \(old.uniqueIdentifier) is a \(old.objectType)") }
        try StorageOperations.requireNotDestroyed(old)
        guard let key = try await StorageOperations.linkedObject(of: old, type: .publicKeyLink, context: context) else {
            throw OperationError(.invalidField, "certificate \(old.uniqueIdentifier) has no Public Key Link to a key to certify again")
        }
        let certificate = try issue(for: key, requestType: reCertify.certificateRequestType, request: reCertify.certificateRequestValue, context: context)
        let requested = reCertify.attributes?.list ?? []
        try await context.requireUniqueNames(requested, replacingNamesOf: old.uniqueIdentifier)
        let identifier = await context.store.newIdentifier()
        // What the server derives from a certificate is derived from the new one, not carried.
        let fresh = StoredObject(uniqueIdentifier: identifier, objectType: .certificate, object: .certificate(certificate), attributes: Attributes(), owner: context.client)
        let derived = Set(try DerivedAttributes.of(fresh, generated: false, now: context.now, version: context.version).map(\.name))
        var carried = try StorageOperations.carried(from: old, offset: reCertify.offset, requested: requested, context: context)
        carried.list.removeAll { derived.contains($0.name) && !requested.contains($0) }
        var attributes = try ServerAttributes.initial(carried, identifier: identifier, objectType: .certificate, context: context)
        attributes.list += [Attribute.link(.publicKeyLink, to: key.uniqueIdentifier), Attribute.link(.replacedObjectLink, to: old.uniqueIdentifier)]
        var stored = fresh
        stored.attributes = attributes
        try await context.insertNew(stored, generated: false)
        try await StorageOperations.retire(old, replacedBy: identifier, context: context)
        try await link(key, to: identifier, context: context)
        return ReCertifyResponse(uniqueIdentifier: identifier)
    }

    /// A certificate for `key`, from a PKCS#10 request (DER, or PEM) for that same key, or
    /// from the key alone (subject CN: the key's first Name, else its identifier).
    static func issue(for key: StoredObject, requestType: CertificateRequestType?, request: [UInt8]?, context: OperationContext) throws -> Certificate {
        guard let authority = context.certificateAuthority else {
            throw OperationError(.featureNotSupported, "this server has no CA key to sign certificates with (kmip serve's own test PKI has one; with --cert, give --ca-key)")
        }
        let keyDER = try KeyFormats.publicDER(key)
        do {
            let der: [UInt8]
            if let request {
                let requestDER = switch requestType {
                case .pkcs_10?: request
                case .pem?: try pemBody(request)
                default: throw OperationError(.featureNotSupported, "certificate requests of type \(requestType.map { "\($0)" } ?? "(none)") are not supported; PKCS#10 (DER or PEM) is")
                }
                let issued = try PKI.certify(requestDER: requestDER, signedBy: authority)
                guard issued.publicKeyDER == keyDER else {
                    throw OperationError(.invalidField, "the certificate request is for another public key than object \(key.uniqueIdentifier)")
                }
                der = issued.certificate
            } else {
                der = try PKI.certify(publicKeyDER: keyDER, commonName: key.nameValues.first ?? key.uniqueIdentifier, signedBy: authority)
            }
            return Certificate(certificateType: .x_509, certificateValue: der)
        } catch let error as TLSError {
            throw OperationError(.invalidField, "cannot certify object \(key.uniqueIdentifier): \(error)")
        }
    }

    /// The DER inside a PEM certificate request.
    private static func pemBody(_ pem: [UInt8]) throws(OperationError) -> [UInt8] {
        let lines = String(decoding: pem, as: UTF8.self).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let der = Data(base64Encoded: lines.filter { !$0.hasPrefix("-----") }.joined()) else {
            throw OperationError(.invalidField, "the PEM certificate request is not base64")
        }
        return Array(der)
    }

    /// `key` with a Certificate Link to `certificate`, in place of any it had.
    private static func link(_ key: StoredObject, to certificate: String, context: OperationContext) async throws {
        var key = key
        key.attributes.list.removeAll { attribute in
            attribute.name == .standard(.link) && TTLVItem(tag: .link, attribute.value)[.linkType]?.value == .enumeration(LinkType.certificateLink.rawValue)
        }
        key.attributes.appendInstance(Attribute.link(.certificateLink, to: certificate))
        try key.touch(context)
        try await context.store.update(key)
    }
}
