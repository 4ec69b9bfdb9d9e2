import KMIP
import KMIPSpec
import Testing
import TTLV

private typealias Tag = KMIPSpec.Tag
private typealias T = AttributePayloadTesting

@Suite struct DeriveKeyTests {
    static func symmetricKeyAttributes() throws -> Attributes {
        [try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes), try Attribute(.cryptographicLength, Int32(128))]
    }

    @Test func requestRoundTripsIn1xShape() throws {
        let request = DeriveKeyRequest(
            objectType: .symmetricKey, uniqueIdentifiers: ["base"], derivationMethod: .pbkdf2,
            derivationParameters: DerivationParameters(
                cryptographicParameters: CryptographicParameters(hashingAlgorithm: .sha_256), derivationData: [[1, 2]],
                salt: [3, 4], iterationCount: 4096
            ),
            attributes: try Self.symmetricKeyAttributes()
        )
        let (decoded, item) = try T.roundTrip(request, .v1_2)
        #expect(decoded == request)
        #expect(T.tags(item) == [.objectType, .uniqueIdentifier, .derivationMethod, .derivationParameters, .templateAttribute])
        #expect(T.tags(item[.derivationParameters]) == [.cryptographicParameters, .derivationData, .salt, .iterationCount])
    }

    @Test func requestRoundTripsIn2xShapeWithSeveralBasesAndData() throws {
        let request = DeriveKeyRequest(
            objectType: .secretData, uniqueIdentifiers: ["a", "b"], derivationMethod: .nist800_108_C,
            derivationParameters: DerivationParameters(initializationVector: [0], derivationData: [[1], [2]]),
            attributes: [try Attribute(.cryptographicLength, Int32(256))]
        )
        let (decoded, item) = try T.roundTrip(request, .v2_1)
        #expect(decoded == request)
        #expect(T.tags(item) == [.objectType, .uniqueIdentifier, .uniqueIdentifier, .derivationMethod, .derivationParameters, .attributes])
        #expect(T.tags(item[.derivationParameters]) == [.initializationVector, .derivationData, .derivationData])
    }

    @Test func repeatedDerivationDataIsNotIn1x() throws {
        let request = DeriveKeyRequest(
            objectType: .secretData, uniqueIdentifiers: ["a"], derivationMethod: .hash,
            derivationParameters: DerivationParameters(derivationData: [[1], [2]]), attributes: []
        )
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try request.ttlv(.requestPayload, version: .v1_4) }
    }

    @Test func requiresABaseObjectAndAttributes() throws {
        let noBase = DeriveKeyRequest(
            objectType: .secretData, uniqueIdentifiers: [], derivationMethod: .hash, derivationParameters: DerivationParameters(), attributes: []
        )
        #expect(throws: KMIPError(.missingField, reason: "")) { try noBase.ttlv(.requestPayload, version: .v2_1) }
        #expect(throws: KMIPError(.missingField, reason: "")) {
            try DeriveKeyRequest(ttlv: TTLVItem(tag: .requestPayload, .structure([
                TTLVItem(tag: .objectType, .enumeration(ObjectType.secretData.rawValue)),
                TTLVItem(tag: .uniqueIdentifier, .textString("a")),
                TTLVItem(tag: .derivationMethod, .enumeration(DerivationMethod.hash.rawValue)),
                TTLVItem(tag: .derivationParameters, .structure([])),
            ])), version: .v2_1)
        }
    }

    @Test func responseRoundTrips() throws {
        let v1 = DeriveKeyResponse(uniqueIdentifier: "derived", attributes: [try Attribute(.state, State.preActive)])
        let (decoded, item) = try T.roundTrip(v1, .v1_3, tag: .responsePayload)
        #expect(decoded == v1)
        #expect(T.tags(item) == [.uniqueIdentifier, .templateAttribute])
        let v2 = DeriveKeyResponse(uniqueIdentifier: "derived")
        #expect(try T.roundTrip(v2, .v2_0, tag: .responsePayload).decoded == v2)
    }

    @Test func decodesAVectorRequest() throws {
        let request = try DeriveKeyRequest(ttlv: T.item("""
            <RequestPayload>
              <ObjectType type="Enumeration" value="SymmetricKey"/>
              <UniqueIdentifier type="TextString" value="1"/>
              <DerivationMethod type="Enumeration" value="PBKDF2"/>
              <DerivationParameters>
                <CryptographicParameters>
                  <HashingAlgorithm type="Enumeration" value="SHA_1"/>
                </CryptographicParameters>
                <Salt type="ByteString" value="73616c74"/>
                <IterationCount type="Integer" value="4096"/>
              </DerivationParameters>
              <Attributes>
                <CryptographicAlgorithm type="Enumeration" value="AES"/>
                <CryptographicLength type="Integer" value="128"/>
              </Attributes>
            </RequestPayload>
            """), version: .v2_0)
        #expect(request.objectType == .symmetricKey)
        #expect(request.uniqueIdentifiers == ["1"])
        #expect(request.derivationMethod == .pbkdf2)
        #expect(request.derivationParameters.cryptographicParameters?.hashingAlgorithm == .sha_1)
        #expect(request.derivationParameters.salt == Array("salt".utf8))
        #expect(request.derivationParameters.iterationCount == 4096)
        #expect(request.derivationParameters.derivationData.isEmpty)
        #expect(try request.attributes.cryptographicLength == 128)
        #expect(request.unknown.isEmpty)
    }
}
