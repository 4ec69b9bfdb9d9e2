import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = AttributePayloadTesting

@Suite struct ReKeyTests {
    @Test func requestRoundTripsIn1xShape() throws {
        let request = ReKeyRequest(uniqueIdentifier: "key-1", offset: Interval(seconds: 3600), attributes: [try Attribute(.cryptographicLength, Int32(256))])
        let (decoded, item) = try T.roundTrip(request, .v1_4)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .offset, .templateAttribute])
    }

    @Test func requestRoundTripsIn2xShape() throws {
        let masks = TTLVItem(tag: .protectionStorageMasks, .structure([TTLVItem(tag: .protectionStorageMask, .integer(2))]))
        let request = ReKeyRequest(uniqueIdentifier: "key-1", attributes: [try Attribute(.activationDate, DateTime(secondsSince1970: 1_700_000_000))], protectionStorageMasks: masks)
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(T.tags(item) == [.uniqueIdentifier, .attributes, .protectionStorageMasks])
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try request.ttlv(.requestPayload, version: .v1_3) }
    }

    @Test func emptyRequestUsesTheIDPlaceholder() throws {
        let request = try ReKeyRequest(ttlv: TTLVItem(tag: .requestPayload, .structure([])), version: .v2_0)
        #expect(request == ReKeyRequest())
    }

    @Test func responseRoundTrips() throws {
        let v1 = ReKeyResponse(uniqueIdentifier: "key-2", attributes: [try Attribute(.state, State.active)])
        let (decoded, item) = try T.roundTrip(v1, .v1_1, tag: .responsePayload)
        #expect(decoded == v1)
        #expect(T.tags(item) == [.uniqueIdentifier, .templateAttribute])
        let v2 = ReKeyResponse(uniqueIdentifier: "key-2")
        #expect(try T.roundTrip(v2, .v2_1, tag: .responsePayload).decoded == v2)
    }

    @Test func decodesAVectorRequest() throws {
        let request = try ReKeyRequest(ttlv: T.item("""
            <RequestPayload>
              <UniqueIdentifier type="TextString" value="1"/>
              <Attributes>
                <ActivationDate type="DateTime" value="2023-11-14T22:13:20+00:00"/>
              </Attributes>
            </RequestPayload>
            """), version: .v2_0)
        #expect(request.uniqueIdentifier == "1")
        #expect(try request.attributes?.activationDate == DateTime(secondsSince1970: 1_700_000_000))
        #expect(request.unknown.isEmpty)
    }
}
