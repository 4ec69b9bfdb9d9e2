import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = CryptoPayloadTesting

@Suite struct PKCS11Tests {
    @Test func requestRoundTripsIn2_0Shape() throws {
        let request = PKCS11Request(interface: "PKCS 11", function: .standard(.c_Initialize), correlationValue: [1], inputParameters: T.secret)
        let (decoded, item) = try T.roundTrip(request, .v2_0)
        #expect(decoded == request)
        #expect(T.tags(item) == [.pkcs_11Interface, .pkcs_11Function, .correlationValue, .pkcs_11InputParameters])
        #expect(item[.pkcs_11Function]?.value == .enumeration(PKCS_11Function.c_Initialize.rawValue))
    }

    @Test func vendorFunctionIsAnInteger() throws {
        let request = PKCS11Request(function: .vendor(0x7000_0001))
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(item[.pkcs_11Function]?.value == .integer(0x7000_0001))
    }

    @Test func functionOfAnotherTypeIsRejected() {
        #expect(throws: KMIPError(.wrongType, reason: "")) {
            try PKCS11Request(ttlv: TTLVItem(tag: .requestPayload, .structure([TTLVItem(tag: .pkcs_11Function, .textString("C_Initialize"))])), version: .v2_1)
        }
    }

    @Test func responseRoundTrips() throws {
        let response = PKCS11Response(function: .standard(.c_GetInfo), correlationValue: [1], outputParameters: T.secret, returnCode: .ok)
        let (decoded, item) = try T.roundTrip(response, .v2_1, tag: .responsePayload)
        #expect(decoded == response)
        #expect(T.tags(item) == [.pkcs_11Function, .correlationValue, .pkcs_11OutputParameters, .pkcs_11ReturnCode])
    }

    @Test func decodesAVector() throws {
        let response = try PKCS11Response(ttlv: T.item("""
            <ResponsePayload>
              <PKCS_11Function type="Enumeration" value="C_GetInfo"/>
              <PKCS_11OutputParameters type="ByteString" value="0228"/>
              <PKCS_11ReturnCode type="Enumeration" value="OK"/>
            </ResponsePayload>
            """), version: .v2_1)
        #expect(response == PKCS11Response(function: .standard(.c_GetInfo), outputParameters: [0x02, 0x28], returnCode: .ok))
    }

    @Test func returnCodeIsRequired() {
        #expect(throws: KMIPError(.missingField, reason: "")) {
            try PKCS11Response(ttlv: TTLVItem(tag: .responsePayload, .structure([TTLVItem(tag: .pkcs_11Function, .integer(5))])), version: .v2_1)
        }
    }

    @Test func operationNeeds2_0() {
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try PKCS11Request(function: .standard(.c_Initialize)).ttlv(.requestPayload, version: .v1_4)
        }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try PKCS11Response(function: .vendor(1), returnCode: .ok).ttlv(.responsePayload, version: .v1_4)
        }
    }

    @Test func descriptionsHideParameters() {
        let request = PKCS11Request(function: .standard(.c_Initialize), inputParameters: T.secret)
        #expect(T.hidesSecret(request.description))
        #expect(request.description.contains("C_Initialize"))
        #expect(T.hidesSecret(PKCS11Response(function: .vendor(3), outputParameters: T.secret, returnCode: .ok).description))
    }
}
