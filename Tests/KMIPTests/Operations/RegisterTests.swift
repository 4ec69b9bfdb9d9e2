import KMIP
import KMIPSpec
import Testing
import TTLV
import TTLVText

@Suite struct RegisterTests {
    static let object = ManagedObject.secretData(SecretData(
        secretDataType: .password, keyBlock: KeyBlock(keyFormatType: .opaque, keyMaterial: .bytes(Array("password".utf8)))
    ))

    static func attributes() throws -> Attributes {
        [try Attribute(.cryptographicUsageMask, CryptographicUsageMask.verify)]
    }

    @Test func requestIn1xCarriesATemplateAttribute() throws {
        let request = RegisterRequest(object: Self.object, attributes: try Self.attributes())
        #expect(request.objectType == .secretData)
        let item = try request.ttlv(.requestPayload, version: .v1_4)
        #expect(item.children.map(\.tag) == [.objectType, .templateAttribute, .secretData])
        #expect(try RegisterRequest(ttlv: item, version: .v1_4) == request)
    }

    @Test func requestIn2xCarriesAttributesAndProtectionStorageMasks() throws {
        let masks = TTLVItem(tag: .protectionStorageMasks, .structure([TTLVItem(tag: .protectionStorageMask, .integer(1))]))
        let request = RegisterRequest(object: Self.object, attributes: try Self.attributes(), protectionStorageMasks: masks)
        let item = try request.ttlv(.requestPayload, version: .v2_1)
        #expect(item.children.map(\.tag) == [.objectType, .attributes, .secretData, .protectionStorageMasks])
        #expect(try RegisterRequest(ttlv: item, version: .v2_1) == request)
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try request.ttlv(.requestPayload, version: .v1_4) }
    }

    @Test func templateRegistrationIs1xOnly() throws {
        let request = RegisterRequest(object: .template(Template(attributes: try Self.attributes())), attributes: [])
        #expect(try RegisterRequest(ttlv: try request.ttlv(.requestPayload, version: .v1_3), version: .v1_3) == request)
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try request.ttlv(.requestPayload, version: .v2_0) }
    }

    @Test func decodesARealisticCertificateRegistration() throws {
        let item = try TTLVXML.decode(Array("""
            <RequestPayload>
              <ObjectType type="Enumeration" value="Certificate"/>
              <Attributes>
                <CertificateType type="Enumeration" value="X_509"/>
              </Attributes>
              <Certificate>
                <CertificateType type="Enumeration" value="X_509"/>
                <CertificateValue type="ByteString" value="3082040f308202f7a003020102020900e31cb99f91cb07ed"/>
              </Certificate>
            </RequestPayload>
            """.utf8))
        let request = try RegisterRequest(ttlv: item, version: .v2_1)
        #expect(try request.attributes.value(.certificateType, as: CertificateType.self) == .x_509)
        guard case .certificate(let certificate) = request.object else {
            Issue.record("expected a certificate")
            return
        }
        #expect(certificate.certificateValue.count == 24)
        #expect(try request.ttlv(.requestPayload, version: .v2_1) == item)
    }

    @Test func missingAttributesIsAnError() throws {
        let item = TTLVItem(tag: .requestPayload, .structure([
            TTLVItem(tag: .objectType, .enumeration(ObjectType.secretData.rawValue)),
            try Self.object.ttlv(version: .v2_1),
        ]))
        #expect(throws: KMIPError(.missingField, reason: "")) { try RegisterRequest(ttlv: item, version: .v2_1) }
    }

    @Test func responseRoundTrips() throws {
        let v1 = RegisterResponse(uniqueIdentifier: "id-1", attributes: try Self.attributes())
        let item = try v1.ttlv(.responsePayload, version: .v1_2)
        #expect(item.children.map(\.tag) == [.uniqueIdentifier, .templateAttribute])
        #expect(try RegisterResponse(ttlv: item, version: .v1_2) == v1)

        let v2 = RegisterResponse(uniqueIdentifier: "id-1")
        let v2Item = try v2.ttlv(.responsePayload, version: .v2_1)
        #expect(v2Item.children.map(\.tag) == [.uniqueIdentifier])
        #expect(try RegisterResponse(ttlv: v2Item, version: .v2_1) == v2)
    }
}
