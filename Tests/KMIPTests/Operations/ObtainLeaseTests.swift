import KMIP
import KMIPSpec
import Testing
import TTLV

/// Obtain Lease payloads (KMIP 2.1 section 6.1.35; 1.x 4.17): the same shape in every version.
@Suite struct ObtainLeaseTests {
    @Test func requestRoundTrips() throws {
        for version in [KMIPVersion.v1_0, .v2_1] {
            let item = try LifecycleCheck.roundTrip(ObtainLeaseRequest(uniqueIdentifier: "key-1"), version)
            #expect(item.children.map(\.tag) == [.uniqueIdentifier])
        }
        #expect(try LifecycleCheck.roundTrip(ObtainLeaseRequest(), .v1_4).children.isEmpty)
    }

    @Test func responseRoundTripsIn1xAnd2x() throws {
        let response = ObtainLeaseResponse(
            uniqueIdentifier: "key-1", leaseTime: Interval(seconds: 3600), lastChangeDate: DateTime(secondsSince1970: 1_335_359_429))
        for version in [KMIPVersion.v1_1, .v2_0] {
            let item = try LifecycleCheck.roundTrip(response, version, tag: .responsePayload)
            #expect(item.children.map(\.tag) == [.uniqueIdentifier, .leaseTime, .lastChangeDate])
            #expect(item[.leaseTime]?.value == .interval(3600))
        }
    }

    @Test func decodesResponse() throws {
        let response = try LifecycleCheck.decode(
            """
            <ResponsePayload>
              <UniqueIdentifier type="TextString" value="1"/>
              <LeaseTime type="Interval" value="0"/>
              <LastChangeDate type="DateTime" value="2012-04-25T13:10:29+00:00"/>
            </ResponsePayload>
            """, as: ObtainLeaseResponse.self, .v1_2)
        #expect(response.leaseTime == Interval(seconds: 0))
        #expect(response.lastChangeDate == DateTime(secondsSince1970: 1_335_359_429))
    }

    @Test func responseRequiresTheLastChangeDate() throws {
        let item = try LifecycleCheck.item(
            #"<ResponsePayload><UniqueIdentifier type="TextString" value="1"/><LeaseTime type="Interval" value="60"/></ResponsePayload>"#)
        #expect(throws: KMIPError(.missingField, reason: "")) { try ObtainLeaseResponse(ttlv: item, version: .v2_1) }
    }
}
