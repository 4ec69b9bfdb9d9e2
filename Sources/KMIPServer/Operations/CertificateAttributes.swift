import KMIP
import KMIPSpec
import KMIPTLS
import TTLV

/// What the server reads from a registered X.509 certificate (2.1 sections 4.5 to 4.8, 4.22,
/// 4.61 to 4.63): its length, issuer and subject names and their parts, serial number, public
/// key algorithm and size, and signature algorithm. A certificate OpenSSL cannot read gets its
/// length only; it is kept as given.
enum CertificateAttributes {
    static func of(_ der: [UInt8]) throws -> [Attribute] {
        var attributes = [try Attribute(.certificateLength, Int32(clamping: der.count))]
        guard let details = try? CertificateDetails(der: der) else { return attributes }
        for (name, tags) in [(details.issuer, issuerParts), (details.subject, subjectParts)] {
            for entry in name.entries {
                guard let tag = tags[entry.type] else { continue }
                attributes.append(Attribute(.standard(tag), value: .textString(entry.value)))
            }
        }
        attributes.append(Attribute(.standard(.x_509CertificateIdentifier), value: .structure([
            TTLVItem(tag: .issuerDistinguishedName, .byteString(details.issuer.der)),
            TTLVItem(tag: .certificateSerialNumber, .byteString(details.serialNumberDER)),
        ])))
        attributes.append(Attribute(.standard(.x_509CertificateIssuer), value: .structure([TTLVItem(tag: .issuerDistinguishedName, .byteString(details.issuer.der))])))
        attributes.append(Attribute(.standard(.x_509CertificateSubject), value: .structure([TTLVItem(tag: .subjectDistinguishedName, .byteString(details.subject.der))])))
        // The 1.0 forms (1.0 sections 3.9 to 3.11; deprecated in 1.1, gone in 2.0): the names as
        // RFC 2253 text, the serial number in hexadecimal.
        let (issuer, subject) = (rfc2253(details.issuer), rfc2253(details.subject))
        attributes.append(Attribute(.standard(.certificateIdentifier), value: .structure([
            TTLVItem(tag: .issuer, .textString(issuer)), TTLVItem(tag: .serialNumber, .textString(serialHex(details.serialNumberDER))),
        ])))
        attributes.append(Attribute(.standard(.certificateSubject), value: .structure([TTLVItem(tag: .certificateSubjectDistinguishedName, .textString(subject))])))
        attributes.append(Attribute(.standard(.certificateIssuer), value: .structure([TTLVItem(tag: .certificateIssuerDistinguishedName, .textString(issuer))])))
        if let signature = details.signatureAlgorithm.flatMap({ signatureAlgorithms[$0] }) {
            attributes.append(try Attribute(.digitalSignatureAlgorithm, signature))
        }
        if let algorithm = details.publicKeyType.flatMap({ keyAlgorithms[$0] }) {
            attributes.append(try Attribute(.cryptographicAlgorithm, algorithm))
            attributes.append(try Attribute(.cryptographicLength, Int32(clamping: details.publicKeyBits)))
        }
        return attributes
    }

    /// A distinguished name as RFC 2253 writes it: its parts last to first, "CN=KMIP,O=TEST,C=US".
    static func rfc2253(_ name: CertificateDetails.Name) -> String {
        name.entries.reversed().map { entry in
            var value = ""
            for (offset, character) in entry.value.enumerated() {
                let edge = (offset == 0 && (character == "#" || character == " ")) || (offset == entry.value.count - 1 && character == " ")
                if edge || ",+\"\\<>;".contains(character) { value.append("\\") }
                value.append(character)
            }
            return entry.type + "=" + value
        }.joined(separator: ",")
    }

    /// The value of a DER INTEGER in upper-case hexadecimal, without its sign byte ("01",
    /// "DADA16A58D2924D9").
    static func serialHex(_ der: [UInt8]) -> String {
        guard der.count > 2 else { return "" }
        let header = der[1] < 0x80 ? 2 : 2 + Int(der[1] & 0x7F)
        let value = der.dropFirst(header).drop { $0 == 0 }
        let digits = Array("0123456789ABCDEF")
        return String((value.isEmpty ? [0] : Array(value)).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
    }

    /// Name parts by OpenSSL's short name.
    static let issuerParts: [String: Tag] = [
        "C": .certificateIssuerC, "CN": .certificateIssuerCN, "O": .certificateIssuerO, "OU": .certificateIssuerOU,
        "L": .certificateIssuerL, "ST": .certificateIssuerST, "emailAddress": .certificateIssuerEmail, "DC": .certificateIssuerDC,
        "UID": .certificateIssuerUID, "serialNumber": .certificateIssuerSerialNumber, "title": .certificateIssuerTitle,
        "dnQualifier": .certificateIssuerDNQualifier,
    ]
    static let subjectParts: [String: Tag] = [
        "C": .certificateSubjectC, "CN": .certificateSubjectCN, "O": .certificateSubjectO, "OU": .certificateSubjectOU,
        "L": .certificateSubjectL, "ST": .certificateSubjectST, "emailAddress": .certificateSubjectEmail, "DC": .certificateSubjectDC,
        "UID": .certificateSubjectUID, "serialNumber": .certificateSubjectSerialNumber, "title": .certificateSubjectTitle,
        "dnQualifier": .certificateSubjectDNQualifier,
    ]

    /// Signature algorithms by OpenSSL's long name.
    static let signatureAlgorithms: [String: DigitalSignatureAlgorithm] = [
        "md5WithRSAEncryption": .md5WithRSAEncryption, "sha1WithRSAEncryption": .sha_1WithRSAEncryption,
        "sha224WithRSAEncryption": .sha_224WithRSAEncryption, "sha256WithRSAEncryption": .sha_256WithRSAEncryption,
        "sha384WithRSAEncryption": .sha_384WithRSAEncryption, "sha512WithRSAEncryption": .sha_512WithRSAEncryption,
        "rsassaPss": .rsassa_PSS, "dsaWithSHA1": .dsaWithSHA_1, "dsa_with_SHA224": .dsaWithSHA224, "dsa_with_SHA256": .dsaWithSHA256,
        "ecdsa-with-SHA1": .ecdsaWithSHA_1, "ecdsa-with-SHA224": .ecdsaWithSHA224, "ecdsa-with-SHA256": .ecdsaWithSHA256,
        "ecdsa-with-SHA384": .ecdsaWithSHA384, "ecdsa-with-SHA512": .ecdsaWithSHA512,
        "RSA-SHA3-256": .sha3_256WithRSAEncryption, "RSA-SHA3-384": .sha3_384WithRSAEncryption, "RSA-SHA3-512": .sha3_512WithRSAEncryption,
    ]

    /// Public key algorithms by OpenSSL's short name.
    static let keyAlgorithms: [String: CryptographicAlgorithm] = ["rsaEncryption": .rsa, "id-ecPublicKey": .ec, "DSA": .dsa, "ED25519": .ed25519, "ED448": .ed448]
}
