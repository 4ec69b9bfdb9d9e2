import KMIP
import KMIPSpec
import Testing
import TTLV
import TTLVText

private typealias Tag = KMIPSpec.Tag

@Suite struct ManagedObjectTests {
    static let rawBlock = KeyBlock(keyFormatType: .raw, keyMaterial: .bytes(Array(0..<16)), cryptographicAlgorithm: .aes, cryptographicLength: 128)
    static let pkcs1Block = KeyBlock(keyFormatType: .pkcs_1, keyMaterial: .bytes([0x30, 0x82, 0x01]), cryptographicAlgorithm: .rsa, cryptographicLength: 2048)

    fileprivate static let objects: [(ManagedObject, Tag, ObjectType)] = [
        (.symmetricKey(SymmetricKey(keyBlock: rawBlock)), .symmetricKey, .symmetricKey),
        (.publicKey(PublicKey(keyBlock: pkcs1Block)), .publicKey, .publicKey),
        (.privateKey(PrivateKey(keyBlock: pkcs1Block)), .privateKey, .privateKey),
        (.secretData(SecretData(secretDataType: .password, keyBlock: KeyBlock(keyFormatType: .opaque, keyMaterial: .bytes(Array("secret".utf8))))), .secretData, .secretData),
        (.opaqueObject(OpaqueObject(opaqueDataType: OpaqueDataType(rawValue: 0x8000_0001), opaqueDataValue: [1, 2, 3])), .opaqueObject, .opaqueObject),
        (.certificate(Certificate(certificateType: .x_509, certificateValue: [0x30, 0x82])), .certificate, .certificate),
        (.splitKey(SplitKey(splitKeyParts: 3, keyPartIdentifier: 1, splitKeyThreshold: 2, splitKeyMethod: .polynomialSharingPrimeField, primeFieldSize: BigInteger(65521), keyBlock: rawBlock)), .splitKey, .splitKey),
        (.pgpKey(PGPKey(pgpKeyVersion: 4, keyBlock: KeyBlock(keyFormatType: .opaque, keyMaterial: .bytes(Array("-----BEGIN PGP".utf8))))), .pgpKey, .pgpKey),
    ]

    @Test func everyObjectRoundTripsIn1xAnd2x() throws {
        for (object, tag, objectType) in Self.objects {
            #expect(object.objectType == objectType)
            #expect(object.tag == tag)
            for version in [KMIPVersion.v1_2, .v1_4, .v2_0, .v2_1] {
                let item = try object.ttlv(version: version)
                #expect(item.tag == tag)
                #expect(try ManagedObject(ttlv: item, version: version) == object)
            }
        }
    }

    @Test func splitKeyFieldsAreInSpecOrder() throws {
        let item = try Self.objects[6].0.ttlv(version: .v2_1)
        #expect(item.children.map(\.tag) == [.splitKeyParts, .keyPartIdentifier, .splitKeyThreshold, .splitKeyMethod, .primeFieldSize, .keyBlock])
    }

    @Test func templateIs1xOnly() throws {
        let template = ManagedObject.template(Template(attributes: [
            try Attribute(.objectGroup, "group"),
            Attribute(.vendor(identification: "x", name: "CustomAttribute1"), value: .textString("CustomValue1")),
        ]))
        let item = try template.ttlv(version: .v1_3)
        #expect(item.children.map(\.tag) == [.attribute, .attribute])
        #expect(item.children.last?[.attributeName]?.value == .textString("x-CustomAttribute1"))
        #expect(try ManagedObject(ttlv: item, version: .v1_3) == template)
        #expect(template.objectType == .template)
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try template.ttlv(version: .v2_0) }
    }

    @Test func objectsNewerThanTheVersionAreRefused() throws {
        let pgp = Self.objects[7].0
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try pgp.ttlv(version: .v1_1) }
        let request = ManagedObject.certificateRequest(CertificateRequest(certificateRequestType: .pkcs_10, certificateRequestValue: [0x30]))
        #expect(try ManagedObject(ttlv: try request.ttlv(version: .v2_0), version: .v2_0) == request)
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try request.ttlv(version: .v1_4) }
    }

    @Test func unknownObjectItemsAreKeptWithTheirObjectType() throws {
        let item = TTLVItem(tag: Tag(rawValue: 0x540010), .structure([TTLVItem(tag: Tag(rawValue: 0x540011), .byteString([9]))]))
        let vendorType = ObjectType(rawValue: 0x8000_0010)
        let object = try ManagedObject(ttlv: item, version: .v2_1, objectType: vendorType)
        #expect(object == .unknown(vendorType, item))
        #expect(object.objectType == vendorType)
        #expect(try object.ttlv(version: .v1_0) == item)
        #expect(throws: KMIPError(.unexpectedTag, reason: "")) { try ManagedObject(ttlv: item, version: .v2_1) }
    }

    @Test func decodesARegisteredPrivateKey() throws {
        let item = try TTLVXML.decode(Array("""
            <PrivateKey>
              <KeyBlock>
                <KeyFormatType type="Enumeration" value="PKCS_1"/>
                <KeyValue>
                  <KeyMaterial type="ByteString" value="3082025e02010002818100930451c9ecd94f5b"/>
                </KeyValue>
                <CryptographicAlgorithm type="Enumeration" value="RSA"/>
                <CryptographicLength type="Integer" value="1024"/>
              </KeyBlock>
            </PrivateKey>
            """.utf8))
        let object = try ManagedObject(ttlv: item, version: .v1_3)
        #expect(object.objectType == .privateKey)
        #expect(object.keyBlock?.keyFormatType == .pkcs_1)
        #expect(object.keyBlock?.cryptographicLength == 1024)
        #expect(object.keyBlock?.keyMaterial?.description == "<19 bytes>")
        #expect(try object.ttlv(version: .v1_3) == item)
    }
}
