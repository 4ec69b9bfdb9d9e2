import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = AttributePayloadTesting

@Suite struct ReKeyKeyPairTests {
    @Test func requestRoundTripsIn1xShape() throws {
        let request = ReKeyKeyPairRequest(
            privateKeyUniqueIdentifier: "priv", offset: Interval(seconds: 60),
            privateKeyAttributes: try T.keyAttributes("private-2", usage: .sign),
            publicKeyAttributes: try T.keyAttributes("public-2", usage: .verify)
        )
        let (decoded, item) = try T.roundTrip(request, .v1_3)
        #expect(decoded == request)
        #expect(T.tags(item) == [.privateKeyUniqueIdentifier, .offset, .privateKeyTemplateAttribute, .publicKeyTemplateAttribute])
    }

    @Test func requestRoundTripsIn2xShape() throws {
        let masks = TTLVItem(tag: .publicProtectionStorageMasks, .structure([TTLVItem(tag: .protectionStorageMask, .integer(1))]))
        let request = ReKeyKeyPairRequest(
            privateKeyUniqueIdentifier: "priv", commonAttributes: [try Attribute(.cryptographicLength, Int32(3072))],
            publicProtectionStorageMasks: masks
        )
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(T.tags(item) == [.privateKeyUniqueIdentifier, .commonAttributes, .publicProtectionStorageMasks])
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try request.ttlv(.requestPayload, version: .v1_4) }
    }

    @Test func responseRoundTrips() throws {
        let v1 = ReKeyKeyPairResponse(
            privateKeyUniqueIdentifier: "priv-2", publicKeyUniqueIdentifier: "pub-2",
            publicKeyAttributes: [try Attribute(.state, State.preActive)]
        )
        let (decoded, item) = try T.roundTrip(v1, .v1_3, tag: .responsePayload)
        #expect(decoded == v1)
        #expect(T.tags(item) == [.privateKeyUniqueIdentifier, .publicKeyUniqueIdentifier, .publicKeyTemplateAttribute])
        let v2 = ReKeyKeyPairResponse(privateKeyUniqueIdentifier: "priv-2", publicKeyUniqueIdentifier: "pub-2")
        #expect(try T.roundTrip(v2, .v2_1, tag: .responsePayload).decoded == v2)
    }

    @Test func decodesAVectorResponse() throws {
        let response = try ReKeyKeyPairResponse(ttlv: T.item("""
            <ResponsePayload>
              <PrivateKeyUniqueIdentifier type="TextString" value="7"/>
              <PublicKeyUniqueIdentifier type="TextString" value="8"/>
            </ResponsePayload>
            """), version: .v2_0)
        #expect(response == ReKeyKeyPairResponse(privateKeyUniqueIdentifier: "7", publicKeyUniqueIdentifier: "8"))
    }
}
