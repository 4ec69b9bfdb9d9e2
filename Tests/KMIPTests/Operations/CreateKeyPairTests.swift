import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = AttributePayloadTesting

@Suite struct CreateKeyPairTests {
    static let masks = TTLVItem(tag: .commonProtectionStorageMasks, .structure([
        TTLVItem(tag: .protectionStorageMask, .integer(Int32(ProtectionStorageMask.software.rawValue))),
    ]))

    @Test func requestRoundTripsIn1xShape() throws {
        let request = CreateKeyPairRequest(
            commonAttributes: [try Attribute(.cryptographicLength, Int32(2048))],
            privateKeyAttributes: try T.keyAttributes("private", usage: .sign),
            publicKeyAttributes: try T.keyAttributes("public", usage: .verify)
        )
        let (decoded, item) = try T.roundTrip(request, .v1_3)
        #expect(decoded == request)
        #expect(T.tags(item) == [.commonTemplateAttribute, .privateKeyTemplateAttribute, .publicKeyTemplateAttribute])
        #expect(T.tags(item[.commonTemplateAttribute]) == [.attribute])
    }

    @Test func requestRoundTripsIn2xShapeWithProtectionStorageMasks() throws {
        let request = CreateKeyPairRequest(
            commonAttributes: [try Attribute(.cryptographicLength, Int32(256))],
            privateKeyAttributes: try T.keyAttributes("private", usage: .sign),
            commonProtectionStorageMasks: Self.masks
        )
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(T.tags(item) == [.commonAttributes, .privateKeyAttributes, .commonProtectionStorageMasks])
        #expect(T.tags(item[.privateKeyAttributes]) == [.name, .cryptographicAlgorithm, .cryptographicUsageMask])
    }

    @Test func protectionStorageMasksAreNotIn1x() {
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try CreateKeyPairRequest(commonProtectionStorageMasks: Self.masks).ttlv(.requestPayload, version: .v1_4)
        }
    }

    @Test func responseRoundTrips() throws {
        let v1 = CreateKeyPairResponse(
            privateKeyUniqueIdentifier: "priv", publicKeyUniqueIdentifier: "pub",
            privateKeyAttributes: [try Attribute(.state, State.preActive)]
        )
        let (decoded, item) = try T.roundTrip(v1, .v1_2, tag: .responsePayload)
        #expect(decoded == v1)
        #expect(T.tags(item) == [.privateKeyUniqueIdentifier, .publicKeyUniqueIdentifier, .privateKeyTemplateAttribute])

        let v2 = CreateKeyPairResponse(privateKeyUniqueIdentifier: "priv", publicKeyUniqueIdentifier: "pub")
        #expect(try T.roundTrip(v2, .v2_0, tag: .responsePayload).decoded == v2)
        #expect(throws: KMIPError(.missingField, reason: "")) {
            try CreateKeyPairResponse(ttlv: TTLVItem(tag: .responsePayload, .structure([
                TTLVItem(tag: .privateKeyUniqueIdentifier, .textString("priv")),
            ])), version: .v2_1)
        }
    }

    @Test func decodesAVectorRequest() throws {
        let request = try CreateKeyPairRequest(ttlv: T.item("""
            <RequestPayload>
              <CommonTemplateAttribute>
                <Attribute>
                  <AttributeName type="TextString" value="Cryptographic Algorithm"/>
                  <AttributeValue type="Enumeration" value="RSA"/>
                </Attribute>
                <Attribute>
                  <AttributeName type="TextString" value="Cryptographic Length"/>
                  <AttributeValue type="Integer" value="2048"/>
                </Attribute>
              </CommonTemplateAttribute>
              <PrivateKeyTemplateAttribute>
                <Attribute>
                  <AttributeName type="TextString" value="Cryptographic Usage Mask"/>
                  <AttributeValue type="Integer" value="Sign"/>
                </Attribute>
              </PrivateKeyTemplateAttribute>
              <PublicKeyTemplateAttribute>
                <Attribute>
                  <AttributeName type="TextString" value="Cryptographic Usage Mask"/>
                  <AttributeValue type="Integer" value="Verify"/>
                </Attribute>
              </PublicKeyTemplateAttribute>
            </RequestPayload>
            """), version: .v1_3)
        #expect(try request.commonAttributes?.cryptographicAlgorithm == .rsa)
        #expect(try request.commonAttributes?.cryptographicLength == 2048)
        #expect(try request.privateKeyAttributes?.cryptographicUsageMask == .sign)
        #expect(try request.publicKeyAttributes?.cryptographicUsageMask == .verify)
        #expect(request.unknown.isEmpty)
    }
}
