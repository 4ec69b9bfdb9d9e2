import KMIP
import KMIPSpec
import Testing
import TTLV

/// RNG Seed payloads (KMIP 2.1 section 6.1.50; 1.x 4.36): defined from KMIP 1.2 on.
@Suite struct RNGSeedTests {
    @Test func roundTripsIn1xAnd2x() throws {
        for version in [KMIPVersion.v1_4, .v2_0] {
            let request = try LifecycleCheck.roundTrip(RNGSeedRequest(data: [0x33, 0x3C]), version)
            #expect(request.children == [TTLVItem(tag: .data, .byteString([0x33, 0x3C]))])
            let response = try LifecycleCheck.roundTrip(RNGSeedResponse(dataLength: 0), version, tag: .responsePayload)
            #expect(response.children == [TTLVItem(tag: .dataLength, .integer(0))])
        }
    }

    @Test func decodesTestCasePayloads() throws {
        let request = try LifecycleCheck.decode(
            #"<RequestPayload><Data type="ByteString" value="333c06587706225099a67438f263f8f932f64b860c3a7dbb21bc2bd56685d8bc"/></RequestPayload>"#,
            as: RNGSeedRequest.self, .v1_3)
        #expect(request.data.count == 32)
        let response = try LifecycleCheck.decode(
            #"<ResponsePayload><DataLength type="Integer" value="32"/></ResponsePayload>"#, as: RNGSeedResponse.self, .v2_1)
        #expect(response.dataLength == 32)
    }

    @Test func notBefore1_2() throws {
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try RNGSeedRequest(data: [1]).ttlv(.requestPayload, version: .v1_1) }
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try RNGSeedResponse(dataLength: 1).ttlv(.responsePayload, version: .v1_1) }
    }
}
