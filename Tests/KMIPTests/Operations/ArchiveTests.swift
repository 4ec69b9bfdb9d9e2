import KMIP
import KMIPSpec
import Testing
import TTLV

/// Archive payloads (KMIP 2.1 section 6.1.4): an optional Unique Identifier in the request, the
/// identifier in the response; the same shape in 1.x and 2.x.
@Suite struct ArchiveTests {
    @Test func requestRoundTrips() throws {
        for version in [KMIPVersion.v1_0, .v1_4, .v2_0, .v2_1] {
            let item = try LifecycleCheck.roundTrip(ArchiveRequest(uniqueIdentifier: "key-1"), version)
            #expect(item.children.map(\.tag) == [.uniqueIdentifier])
        }
    }

    @Test func requestWithoutIdentifierUsesThePlaceholder() throws {
        let item = try LifecycleCheck.roundTrip(ArchiveRequest(), .v2_1)
        #expect(item.children.isEmpty)
        #expect(ArchiveRequest.operation == .archive)
    }

    @Test func responseRoundTrips() throws {
        for version in [KMIPVersion.v1_2, .v2_1] {
            let item = try LifecycleCheck.roundTrip(ArchiveResponse(uniqueIdentifier: "key-1"), version, tag: .responsePayload)
            #expect(item[.uniqueIdentifier]?.value == .textString("key-1"))
        }
    }

    @Test func decodesTestCasePayloads() throws {
        let request = try LifecycleCheck.decode(
            #"<RequestPayload><UniqueIdentifier type="TextString" value="8b0e9a4e-5c1f-4e55-9ae6-3a1d8f2c1b01"/></RequestPayload>"#,
            as: ArchiveRequest.self, .v1_3)
        #expect(request.uniqueIdentifier == "8b0e9a4e-5c1f-4e55-9ae6-3a1d8f2c1b01")
        let response = try LifecycleCheck.decode(
            #"<ResponsePayload><UniqueIdentifier type="TextString" value="8b0e9a4e-5c1f-4e55-9ae6-3a1d8f2c1b01"/></ResponsePayload>"#,
            as: ArchiveResponse.self, .v2_0)
        #expect(response.uniqueIdentifier == "8b0e9a4e-5c1f-4e55-9ae6-3a1d8f2c1b01")
    }
}
