import KMIP
import KMIPSpec
import Testing
import TTLV

/// Query payloads (KMIP 2.1 section 6.1.40; 1.x 4.25) and the structures of the response.
@Suite struct QueryTests {
    @Test func requestRoundTrips() throws {
        let request = QueryRequest(queryFunctions: [.queryOperations, .queryObjects])
        for version in [KMIPVersion.v1_0, .v2_1] {
            let item = try LifecycleCheck.roundTrip(request, version)
            #expect(item.children.map(\.tag) == [.queryFunction, .queryFunction])
        }
    }

    @Test func requestObjectGroupsOnlyIn2_1() throws {
        let groups = TTLVItem(tag: .objectGroups, .structure([TTLVItem(tag: .objectGroup, .textString("Group1"))]))
        let request = QueryRequest(queryFunctions: [.queryDefaultsInformation], objectGroups: groups)
        let item = try LifecycleCheck.roundTrip(request, .v2_1)
        #expect(item.children.map(\.tag) == [.queryFunction, .objectGroups])
        #expect(throws: KMIPError(.notInVersion, reason: "")) { try request.ttlv(.requestPayload, version: .v2_0) }
        #expect(throws: KMIPError(.notInVersion, reason: "")) {
            try QueryRequest(queryFunctions: [.queryRNGs]).ttlv(.requestPayload, version: .v1_2)
        }
    }

    /// Every 1.x field, as a 1.4 server could answer.
    @Test func fullResponseRoundTripsIn1_4() throws {
        let response = QueryResponse(
            operations: [.create, .query], objectTypes: [.symmetricKey], vendorIdentification: "server-vendor.com",
            serverInformation: ServerInformation(vendorSpecific: [TTLVItem(tag: KMIPSpec.Tag(rawValue: 0x540001), .textString("x"))]),
            applicationNamespaces: ["ns"],
            extensionInformation: [ExtensionInformation(extensionName: "ACME Field", extensionTag: 0x540001, extensionType: .textString)],
            attestationTypes: [.tpmQuote],
            rngParameters: [RNGParameters(rngAlgorithm: .drbg, cryptographicAlgorithm: .aes, cryptographicLength: 256, drbgAlgorithm: .ctr)],
            profileInformation: [ProfileInformation(profileName: .baselineServerBasicKMIPV1_2, serverURI: "https://kms", serverPort: 5696)],
            validationInformation: [
                ValidationInformation(
                    validationAuthorityType: .nistcmvp, validationAuthorityCountry: "US", validationVersionMajor: 140,
                    validationVersionMinor: 2, validationType: .hardware, validationLevel: 3, validationProfiles: ["a", "b"])
            ],
            capabilityInformation: [CapabilityInformation(streamingCapability: false, batchUndoCapability: true, rngMode: .sharedInstantiation)],
            clientRegistrationMethods: [.clientGenerated])
        let item = try LifecycleCheck.roundTrip(response, .v1_4, tag: .responsePayload)
        #expect(item.children.map(\.tag) == [
            .operation, .operation, .objectType, .vendorIdentification, .serverInformation, .applicationNamespace,
            .extensionInformation, .attestationType, .rngParameters, .profileInformation, .validationInformation,
            .capabilityInformation, .clientRegistrationMethod,
        ])
        // 1.x writes Extension Type as an Integer.
        #expect(item[.extensionInformation]?[.extensionType]?.value == .integer(7))
        #expect(item[.validationInformation]?.children.filter { $0.tag == .validationProfile }.count == 2)
    }

    @Test func responseRoundTripsIn2_1() throws {
        let response = QueryResponse(
            operations: [.interop], vendorIdentification: "v",
            serverInformation: ServerInformation(serverName: "kms", serverVersion: "3.1", alternateFailoverEndpoints: ["a", "b"]),
            extensionInformation: [ExtensionInformation(extensionName: "X", extensionType: .integer, extensionDescription: "d")],
            profileInformation: [ProfileInformation(profileName: .completeServerBasic, profileVersion: ProfileVersion(1, 0))],
            capabilityInformation: [CapabilityInformation(quantumSafeCapability: true)],
            defaultsInformation: TTLVItem(tag: .defaultsInformation, .structure([])),
            protectionStorageMasks: TTLVItem(tag: .protectionStorageMasks, .structure([TTLVItem(tag: .protectionStorageMask, .integer(1))])))
        let item = try LifecycleCheck.roundTrip(response, .v2_1, tag: .responsePayload)
        #expect(item.children.map(\.tag).suffix(2) == [.defaultsInformation, .protectionStorageMasks])
        // 2.x writes Extension Type as an Item Type enumeration.
        #expect(item[.extensionInformation]?[.extensionType]?.value == .enumeration(2))
        #expect(item[.serverInformation]?.children.map(\.tag) == [.serverName, .serverVersion, .alternateFailoverEndpoints, .alternateFailoverEndpoints])
    }

    @Test func fieldsNewerThanTheVersionAreRefused() throws {
        let cases: [(QueryResponse, KMIPVersion)] = [
            (QueryResponse(extensionInformation: [ExtensionInformation(extensionName: "X")]), .v1_0),
            (QueryResponse(attestationTypes: [.samlAssertion]), .v1_1),
            (QueryResponse(capabilityInformation: [CapabilityInformation(streamingCapability: true)]), .v1_2),
            (QueryResponse(capabilityInformation: [CapabilityInformation(batchContinueCapability: true)]), .v1_3),
            (QueryResponse(capabilityInformation: [CapabilityInformation(quantumSafeCapability: true)]), .v1_4),
            (QueryResponse(profileInformation: [ProfileInformation(profileName: .completeServerBasic)]), .v1_4),
            (QueryResponse(serverInformation: ServerInformation(serverName: "kms")), .v1_4),
            (QueryResponse(defaultsInformation: TTLVItem(tag: .defaultsInformation, .structure([]))), .v1_4),
        ]
        for (response, version) in cases {
            #expect(throws: KMIPError(.notInVersion, reason: "")) { try response.ttlv(.responsePayload, version: version) }
        }
    }

    @Test func decodesTestCaseResponse() throws {
        let response = try LifecycleCheck.decode(
            """
            <ResponsePayload>
              <Operation type="Enumeration" value="Query"/>
              <Operation type="Enumeration" value="Locate"/>
              <ObjectType type="Enumeration" value="SymmetricKey"/>
              <ObjectType type="Enumeration" value="Template"/>
              <VendorIdentification type="TextString" value="server-vendor.com"/>
              <ServerInformation>
              </ServerInformation>
            </ResponsePayload>
            """, as: QueryResponse.self, .v1_3)
        #expect(response.operations == [.query, .locate])
        #expect(response.objectTypes == [.symmetricKey, .template])
        #expect(response.vendorIdentification == "server-vendor.com")
        #expect(response.serverInformation == ServerInformation())
        #expect(response.protectionStorageMasks == nil)
    }

    @Test func decodesStructures() throws {
        let rng = try LifecycleCheck.decode(
            """
            <RNGParameters>
              <RNGAlgorithm type="Enumeration" value="DRBG"/>
              <HashingAlgorithm type="Enumeration" value="SHA_256"/>
              <DRBGAlgorithm type="Enumeration" value="Hash"/>
              <PredictionResistance type="Boolean" value="true"/>
            </RNGParameters>
            """, as: RNGParameters.self, .v1_3)
        #expect(rng == RNGParameters(rngAlgorithm: .drbg, hashingAlgorithm: .sha_256, drbgAlgorithm: .hash, predictionResistance: true))
        let capability = try LifecycleCheck.decode(
            """
            <CapabilityInformation>
              <AsynchronousCapability type="Boolean" value="false"/>
              <UnwrapMode type="Enumeration" value="Processed"/>
              <DestroyAction type="Enumeration" value="KeyMaterialShredded"/>
              <ShreddingAlgorithm type="Enumeration" value="Cryptographic"/>
            </CapabilityInformation>
            """, as: CapabilityInformation.self, .v2_0)
        #expect(capability.destroyAction == .keyMaterialShredded)
        #expect(capability.shreddingAlgorithm == .cryptographic)
        let validation = try LifecycleCheck.item(
            #"<ValidationInformation><ValidationAuthorityType type="Enumeration" value="NISTCMVP"/></ValidationInformation>"#)
        #expect(throws: KMIPError(.missingField, reason: "")) { try ValidationInformation(ttlv: validation, version: .v2_1) }
    }

    @Test func extensionTypeReadsEitherEncoding() throws {
        let integer = try LifecycleCheck.item(
            #"<ExtensionInformation><ExtensionName type="TextString" value="X"/><ExtensionType type="Integer" value="7"/></ExtensionInformation>"#)
        #expect(try ExtensionInformation(ttlv: integer, version: .v1_1).extensionType == .textString)
        let text = try LifecycleCheck.item(
            #"<ExtensionInformation><ExtensionName type="TextString" value="X"/><ExtensionType type="TextString" value="7"/></ExtensionInformation>"#)
        #expect(throws: KMIPError(.wrongType, reason: "")) { try ExtensionInformation(ttlv: text, version: .v2_1) }
    }
}
