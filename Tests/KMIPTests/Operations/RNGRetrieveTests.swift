import KMIP
import KMIPSpec
import Testing
import TTLV

/// RNG Retrieve payloads (KMIP 2.1 section 6.1.49; 1.x 4.35): defined from KMIP 1.2 on.
@Suite struct RNGRetrieveTests {
    @Test func roundTripsIn1xAnd2x() throws {
        for version in [KMIPVersion.v1_3, .v2_1] {
            let request = try LifecycleCheck.roundTrip(RNGRetrieveRequest(dataLength: 32), version)
            #expect(request.children == [TTLVItem(tag: .dataLength, .integer(32))])
            let response = try LifecycleCheck.roundTrip(RNGRetrieveResponse(data: [0x9C, 0x01, 0xFF]), version, tag: .responsePayload)
            #expect(response.children == [TTLVItem(tag: .data, .byteString([0x9C, 0x01, 0xFF]))])
        }
    }

    @Test func decodesTestCasePayloads() throws {
        let request = try LifecycleCheck.decode(
            #"<RequestPayload><DataLength type="Integer" value="32"/></RequestPayload>"#, as: RNGRetrieveRequest.self, .v2_0)
        #expect(request.dataLength == 32)
        let response = try LifecycleCheck.decode(
            #"<ResponsePayload><Data type="ByteString" value="333c0658"/></ResponsePayload>"#, as: RNGRetrieveResponse.self, .v1_3)
        #expect(response.data == [0x33, 0x3C, 0x06, 0x58])
    }

    @Test func notBefore1_2() throws {
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try RNGRetrieveRequest(dataLength: 16).ttlv(.requestPayload, version: .v1_1) }
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try RNGRetrieveResponse(data: [1]).ttlv(.responsePayload, version: .v1_0) }
    }
}
