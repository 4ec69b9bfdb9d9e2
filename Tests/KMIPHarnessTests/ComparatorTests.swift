import Foundation
import KMIPHarness
import KMIPSpec
import Testing
import TTLV
import TTLVText

/// Each comparison rule, driven with a right response and with deliberately wrong ones
/// (changed value, wrong status, missing field, extra field): the wrong ones must be caught.
@Suite struct ComparatorTests {
    static let createRecording = request("Create", """
        <ObjectType type="Enumeration" value="SymmetricKey"/>
        <Attributes><CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="256"/></Attributes>
        """) + response("Create", """
        <ObjectType type="Enumeration" value="SymmetricKey"/>\(uid("$UNIQUE_IDENTIFIER_0"))
        """, time: "$NOW")

    @Test func sameResponsePasses() throws {
        let recording = try Recording(Self.createRecording)
        var bindings = Bindings()
        let found = try recording.check(step: 0, response: response("Create", "<ObjectType type=\"Enumeration\" value=\"SymmetricKey\"/>" + uid("1")), bindings: &bindings)
        #expect(found == nil)
        #expect(bindings[placeholder: "$UNIQUE_IDENTIFIER_0"] == .textString("1"))
    }

    @Test func changedValueIsCaught() throws {
        let recording = try Recording(Self.createRecording)
        var bindings = Bindings()
        let found = try recording.check(step: 0, response: response("Create", "<ObjectType type=\"Enumeration\" value=\"PrivateKey\"/>" + uid("1")), bindings: &bindings)
        #expect(found?.kind == .valueDiffers)
        #expect(found?.path.last == "ObjectType")
    }

    @Test func wrongStatusIsCaughtEvenWithAResultMessage() throws {
        let recording = try Recording(Self.createRecording)
        var bindings = Bindings()
        let wrong = response("Create", status: "OperationFailed", extra: """
            <ResultReason type="Enumeration" value="PermissionDenied"/><ResultMessage type="TextString" value="DENIED"/>
            """, nil)
        let found = try recording.check(step: 0, response: wrong, bindings: &bindings)
        #expect(found?.kind == .valueDiffers)
        #expect(found?.path.last == "ResultStatus")
        #expect(found?.reason.contains("PermissionDenied") == true)
    }

    @Test func missingFieldIsCaught() throws {
        let recording = try Recording(Self.createRecording)
        var bindings = Bindings()
        let found = try recording.check(step: 0, response: response("Create", "<ObjectType type=\"Enumeration\" value=\"SymmetricKey\"/>"), bindings: &bindings)
        #expect(found?.kind == .missingField)
        #expect(found?.path.last == "UniqueIdentifier")
    }

    @Test func unexpectedFieldIsCaught() throws {
        let recording = try Recording(Self.createRecording)
        var bindings = Bindings()
        let extra = "<ObjectType type=\"Enumeration\" value=\"SymmetricKey\"/>" + uid("1") + "<ObjectGroup type=\"TextString\" value=\"x\"/>"
        let found = try recording.check(step: 0, response: response("Create", extra), bindings: &bindings)
        #expect(found?.kind == .unexpectedField)
    }

    @Test func wrongItemTypeIsCaught() throws {
        let recording = try Recording(Self.createRecording)
        var bindings = Bindings()
        let found = try recording.check(step: 0, response: response("Create", "<ObjectType type=\"Integer\" value=\"2\"/>" + uid("1")), bindings: &bindings)
        #expect(found?.kind == .typeDiffers)
    }

    // MARK: Result Message (4.1.2) and Result Reason

    static let failureRecording = request("Get", uid("$UNIQUE_IDENTIFIER_RANDOM_0")) + response("Get", status: "OperationFailed", extra: """
        <ResultReason type="Enumeration" value="ItemNotFound"/><ResultMessage type="TextString" value="NOT_FOUND"/>
        """, nil, time: "$NOW")

    @Test func resultMessageMayDifferOrBeAbsent() throws {
        let recording = try Recording(Self.failureRecording)
        for message in ["", "<ResultMessage type=\"TextString\" value=\"no object with that identifier\"/>"] {
            var bindings = Bindings()
            let answer = response("Get", status: "OperationFailed", extra: "<ResultReason type=\"Enumeration\" value=\"ItemNotFound\"/>" + message, nil)
            #expect(try recording.check(step: 0, response: answer, bindings: &bindings) == nil)
        }
    }

    @Test func wrongResultReasonIsCaught() throws {
        let recording = try Recording(Self.failureRecording)
        var bindings = Bindings()
        let answer = response("Get", status: "OperationFailed", extra: "<ResultReason type=\"Enumeration\" value=\"PermissionDenied\"/>", nil)
        let found = try recording.check(step: 0, response: answer, bindings: &bindings)
        #expect(found?.path.last == "ResultReason")
        let missing = response("Get", status: "OperationFailed", extra: "", nil)
        var again = Bindings()
        #expect(try recording.check(step: 0, response: missing, bindings: &again)?.kind == .missingField)
    }

    // MARK: Placeholders

    static let twoObjects = Self.createRecording + Self.createRecording.replacingOccurrences(of: "$UNIQUE_IDENTIFIER_0", with: "$UNIQUE_IDENTIFIER_1")
        + request("Get", uid("$UNIQUE_IDENTIFIER_0")) + response("Get", uid("$UNIQUE_IDENTIFIER_0"), time: "$NOW")

    @Test func placeholdersBindThenMustStayTheSame() throws {
        let recording = try Recording(Self.twoObjects)
        var bindings = Bindings()
        let created = { (id: String) in response("Create", "<ObjectType type=\"Enumeration\" value=\"SymmetricKey\"/>" + uid(id)) }
        #expect(try recording.check(step: 0, response: created("a"), bindings: &bindings) == nil)
        #expect(try recording.check(step: 1, response: created("b"), bindings: &bindings) == nil)
        // The request got the bound value...
        let sent = try recording.binder.bind(recording.file.steps[2].request, bindings: &bindings, serverNow: 0).get()
        #expect(sent[.batchItem]?[.requestPayload]?[.uniqueIdentifier]?.value == .textString("a"))
        // ...and a response naming another object is caught.
        var wrong = bindings
        let found = try recording.check(step: 2, response: response("Get", uid("b")), bindings: &wrong)
        #expect(found?.kind == .placeholderConflict)
        #expect(try recording.check(step: 2, response: response("Get", uid("a")), bindings: &bindings) == nil)
    }

    @Test func oneIdentifierForTwoObjectsIsCaught() throws {
        let recording = try Recording(Self.twoObjects)
        var bindings = Bindings()
        let created = response("Create", "<ObjectType type=\"Enumeration\" value=\"SymmetricKey\"/>" + uid("a"))
        #expect(try recording.check(step: 0, response: created, bindings: &bindings) == nil)
        #expect(try recording.check(step: 1, response: created, bindings: &bindings)?.kind == .placeholderConflict)
    }

    @Test func unboundPlaceholderInARequestIsReported() throws {
        let recording = try Recording(request("Get", uid("$UNIQUE_IDENTIFIER_4")) + response("Get", uid("$UNIQUE_IDENTIFIER_4"), time: "$NOW"))
        var bindings = Bindings()
        let bound = recording.binder.bind(recording.file.steps[0].request, bindings: &bindings, serverNow: 0)
        guard case .failure(let mismatch) = bound else {
            Issue.record("expected an unbound placeholder")
            return
        }
        #expect(mismatch.kind == .unboundPlaceholder)
    }

    // MARK: Server-chosen identifiers (4.1.1)

    @Test func literalIdentifiersMayVaryButConsistently() throws {
        let recording = try Recording(
            request("Create", "<ObjectType type=\"Enumeration\" value=\"SymmetricKey\"/>") + response("Create", uid("recorded-id"), time: "$NOW")
                + request("Get", uid("recorded-id")) + response("Get", uid("recorded-id"), time: "$NOW"))
        var bindings = Bindings()
        #expect(try recording.check(step: 0, response: response("Create", uid("7")), bindings: &bindings) == nil)
        let sent = try recording.binder.bind(recording.file.steps[1].request, bindings: &bindings, serverNow: 0).get()
        #expect(sent[.batchItem]?[.requestPayload]?[.uniqueIdentifier]?.value == .textString("7"))
        var wrong = bindings
        #expect(try recording.check(step: 1, response: response("Get", uid("8")), bindings: &wrong)?.kind == .placeholderConflict)
    }

    // MARK: Dates (4.1.1)

    @Test func timeStampMustBeNearTheServerClock() throws {
        let recording = try Recording(Self.failureRecording)
        let failed = "<ResultReason type=\"Enumeration\" value=\"ItemNotFound\"/>"
        var bindings = Bindings()
        #expect(try recording.check(step: 0, response: response("Get", status: "OperationFailed", extra: failed, nil, time: "2023-11-14T22:30:00+00:00"), bindings: &bindings) == nil)
        // A Time Stamp is compared with the server's own clock, so only an absurd one can be
        // caught: one far from the other dates it gives. Here the date attribute is the check.
        let recordingWithDate = try Recording(request("GetAttributes", uid("$UNIQUE_IDENTIFIER_RANDOM_0")) + response("GetAttributes", uid("$UNIQUE_IDENTIFIER_RANDOM_0") + """
            <Attributes><InitialDate type="DateTime" value="$NOW"/></Attributes>
            """, time: "$NOW"))
        var fresh = Bindings()
        let bound = try recordingWithDate.binder.bind(recordingWithDate.file.steps[0].request, bindings: &fresh, serverNow: 1_700_000_000).get()
        let id = bound[.batchItem]![.requestPayload]![.uniqueIdentifier]!
        guard case .textString(let text) = id.value else { return }
        let far = response("GetAttributes", uid(text) + "<Attributes><InitialDate type=\"DateTime\" value=\"1970-01-02T00:00:00+00:00\"/></Attributes>")
        var scratch = fresh
        #expect(recordingWithDate.comparator.compare(expected: recordingWithDate.file.steps[0].expected, actual: try xml(far), request: bound, bindings: &scratch)?.path.last == "InitialDate")
        let near = response("GetAttributes", uid(text) + "<Attributes><InitialDate type=\"DateTime\" value=\"2023-11-14T22:00:00+00:00\"/></Attributes>")
        #expect(recordingWithDate.comparator.compare(expected: recordingWithDate.file.steps[0].expected, actual: try xml(near), request: bound, bindings: &fresh) == nil)
    }

    @Test func datesTheRequestSetMustComeBackExactly() throws {
        let recording = try Recording(
            request("Create", """
                <ObjectType type="Enumeration" value="SymmetricKey"/><Attributes><ActivationDate type="DateTime" value="$NOW-3600"/></Attributes>
                """) + response("Create", uid("$UNIQUE_IDENTIFIER_0"), time: "$NOW")
                + request("GetAttributes", uid("$UNIQUE_IDENTIFIER_0")) + response("GetAttributes", uid("$UNIQUE_IDENTIFIER_0") + """
                <Attributes><ActivationDate type="DateTime" value="$NOW-3600"/></Attributes>
                """, time: "$NOW"))
        var bindings = Bindings()
        let sent = try recording.binder.bind(recording.file.steps[0].request, bindings: &bindings, serverNow: 1_700_000_000).get()
        #expect(sent[.batchItem]?[.requestPayload]?[.attributes]?[.activationDate]?.value == .dateTime(1_700_000_000 - 3600))
        #expect(try recording.check(step: 0, response: response("Create", uid("1")), bindings: &bindings) == nil)
        var wrong = bindings
        let offByOne = response("GetAttributes", uid("1") + "<Attributes><ActivationDate type=\"DateTime\" value=\"2023-11-14T21:13:21+00:00\"/></Attributes>")
        #expect(try recording.check(step: 1, response: offByOne, bindings: &wrong)?.path.last == "ActivationDate")
        let exact = response("GetAttributes", uid("1") + "<Attributes><ActivationDate type=\"DateTime\" value=\"2023-11-14T21:13:20+00:00\"/></Attributes>")
        #expect(try recording.check(step: 1, response: exact, bindings: &bindings) == nil)
    }

    // MARK: Attributes in any order, extras allowed (4.1.2)

    static let attributesRecording = request("GetAttributes", uid("$UNIQUE_IDENTIFIER_RANDOM_0")) + response("GetAttributes", uid("$UNIQUE_IDENTIFIER_RANDOM_0") + """
        <Attributes><State type="Enumeration" value="PreActive"/><CryptographicLength type="Integer" value="256"/>
        <Name><NameValue type="TextString" value="k1"/><NameType type="Enumeration" value="UninterpretedTextString"/></Name></Attributes>
        """, time: "$NOW")

    func attributesCheck(_ attributes: String) throws -> Mismatch? {
        let recording = try Recording(Self.attributesRecording)
        var bindings = Bindings()
        let sent = try recording.binder.bind(recording.file.steps[0].request, bindings: &bindings, serverNow: 1_700_000_000).get()
        guard case .textString(let id)? = sent[.batchItem]?[.requestPayload]?[.uniqueIdentifier]?.value else { return nil }
        let answer = try xml(response("GetAttributes", uid(id) + "<Attributes>\(attributes)</Attributes>"))
        return recording.comparator.compare(expected: recording.file.steps[0].expected, actual: answer, request: sent, bindings: &bindings)
    }

    static let name = "<Name><NameValue type=\"TextString\" value=\"k1\"/><NameType type=\"Enumeration\" value=\"UninterpretedTextString\"/></Name>"

    @Test func attributesInAnyOrderWithExtrasPass() throws {
        #expect(try attributesCheck(Self.name + """
            <ObjectGroup type="TextString" value="g"/><CryptographicLength type="Integer" value="256"/><State type="Enumeration" value="PreActive"/>
            """) == nil)
    }

    @Test func changedOrMissingAttributeIsCaught() throws {
        let changed = try attributesCheck(Self.name + "<CryptographicLength type=\"Integer\" value=\"128\"/><State type=\"Enumeration\" value=\"PreActive\"/>")
        #expect(changed?.kind == .valueDiffers)
        #expect(changed?.path.last == "CryptographicLength")
        let wrongState = try attributesCheck(Self.name + "<CryptographicLength type=\"Integer\" value=\"256\"/><State type=\"Enumeration\" value=\"Active\"/>")
        #expect(wrongState?.path.last == "State")
        let missing = try attributesCheck("<CryptographicLength type=\"Integer\" value=\"256\"/><State type=\"Enumeration\" value=\"PreActive\"/>")
        #expect(missing?.kind == .missingField)
        #expect(missing?.path.last == "Name")
    }

    // MARK: Generated key material and cryptographic outputs (4.1.1)

    static func keyRecording(_ operation: String, _ requestPayload: String, material: String) -> String {
        request(operation, requestPayload) + response(operation, uid("$UNIQUE_IDENTIFIER_0"), time: "$NOW")
            + request("Get", uid("$UNIQUE_IDENTIFIER_0")) + response("Get", """
            <ObjectType type="Enumeration" value="SymmetricKey"/>\(uid("$UNIQUE_IDENTIFIER_0"))
            <SymmetricKey><KeyBlock><KeyFormatType type="Enumeration" value="Raw"/><KeyValue><KeyMaterial type="ByteString" value="\(material)"/></KeyValue>
            <CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="128"/></KeyBlock></SymmetricKey>
            """, time: "$NOW")
            + request("Encrypt", uid("$UNIQUE_IDENTIFIER_0") + """
            <CryptographicParameters><BlockCipherMode type="Enumeration" value="ECB"/></CryptographicParameters>
            <Data type="ByteString" value="01020304050607080910111213141516"/>
            """) + response("Encrypt", uid("$UNIQUE_IDENTIFIER_0") + "<Data type=\"ByteString\" value=\"fd912d102dbb482f6f6e91bd57119095\"/>", time: "$NOW")
            + request("Decrypt", uid("$UNIQUE_IDENTIFIER_0") + """
            <CryptographicParameters><BlockCipherMode type="Enumeration" value="ECB"/></CryptographicParameters>
            <Data type="ByteString" value="fd912d102dbb482f6f6e91bd57119095"/>
            """) + response("Decrypt", uid("$UNIQUE_IDENTIFIER_0") + "<Data type=\"ByteString\" value=\"01020304050607080910111213141516\"/>", time: "$NOW")
    }

    static let material = "00112233445566778899aabbccddeeff"

    func getResponse(_ material: String) -> String {
        response("Get", """
            <ObjectType type="Enumeration" value="SymmetricKey"/>\(uid("1"))
            <SymmetricKey><KeyBlock><KeyFormatType type="Enumeration" value="Raw"/><KeyValue><KeyMaterial type="ByteString" value="\(material)"/></KeyValue>
            <CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="128"/></KeyBlock></SymmetricKey>
            """)
    }

    @Test func generatedKeyMaterialAndCiphertextMayVary() throws {
        let recording = try Recording(Self.keyRecording("Create", "<ObjectType type=\"Enumeration\" value=\"SymmetricKey\"/>", material: Self.material))
        var bindings = Bindings()
        #expect(try recording.check(step: 0, response: response("Create", uid("1")), bindings: &bindings) == nil)
        #expect(try recording.check(step: 1, response: getResponse("ffeeddccbbaa99887766554433221100"), bindings: &bindings) == nil)
        var short = bindings
        #expect(try recording.check(step: 1, response: getResponse("ffeeddcc"), bindings: &short)?.path.last == "KeyMaterial")
        #expect(try recording.check(step: 2, response: response("Encrypt", uid("1") + "<Data type=\"ByteString\" value=\"0badc0de0badc0de0badc0de0badc0de\"/>"), bindings: &bindings) == nil)
        // The Decrypt request now carries this server's ciphertext, and the plaintext must be exact.
        let sent = try recording.binder.bind(recording.file.steps[3].request, bindings: &bindings, serverNow: 0).get()
        #expect(sent[.batchItem]?[.requestPayload]?[.data]?.value == .byteString(hexBytes(Array("0badc0de0badc0de0badc0de0badc0de".utf8))!))
        var wrong = bindings
        #expect(try recording.check(step: 3, response: response("Decrypt", uid("1") + "<Data type=\"ByteString\" value=\"01020304050607080910111213141517\"/>"), bindings: &wrong)?.path.last == "Data")
        #expect(try recording.check(step: 3, response: response("Decrypt", uid("1") + "<Data type=\"ByteString\" value=\"01020304050607080910111213141516\"/>"), bindings: &bindings) == nil)
    }

    @Test func registeredKeyMaterialAndCiphertextMustMatch() throws {
        let register = """
            <ObjectType type="Enumeration" value="SymmetricKey"/><Attributes/>
            <SymmetricKey><KeyBlock><KeyFormatType type="Enumeration" value="Raw"/><KeyValue><KeyMaterial type="ByteString" value="\(Self.material)"/></KeyValue>
            <CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="128"/></KeyBlock></SymmetricKey>
            """
        let recording = try Recording(Self.keyRecording("Register", register, material: Self.material))
        var bindings = Bindings()
        #expect(try recording.check(step: 0, response: response("Register", uid("1")), bindings: &bindings) == nil)
        var wrong = bindings
        #expect(try recording.check(step: 1, response: getResponse("ffeeddccbbaa99887766554433221100"), bindings: &wrong)?.path.last == "KeyMaterial")
        #expect(try recording.check(step: 1, response: getResponse(Self.material), bindings: &bindings) == nil)
        let found = try recording.check(step: 2, response: response("Encrypt", uid("1") + "<Data type=\"ByteString\" value=\"0badc0de0badc0de0badc0de0badc0de\"/>"), bindings: &bindings)
        #expect(found?.kind == .valueDiffers)
        #expect(found?.path.last == "Data")
    }

    // MARK: Digest algorithm (4.1.1), Query extras (4.1.1), header extras (4.1.2), batches

    @Test func digestMayUseAnotherAlgorithmButNotAnotherValue() throws {
        let digest = { (algorithm: String, value: String) in
            "<Attributes><Digest><HashingAlgorithm type=\"Enumeration\" value=\"\(algorithm)\"/><DigestValue type=\"ByteString\" value=\"\(value)\"/></Digest></Attributes>"
        }
        let recording = try Recording(request("GetAttributes", uid("$UNIQUE_IDENTIFIER_RANDOM_0")) + response("GetAttributes", uid("$UNIQUE_IDENTIFIER_RANDOM_0") + digest("SHA_256", "aabb"), time: "$NOW"))
        func check(_ attributes: String) throws -> Mismatch? {
            var bindings = Bindings()
            let sent = try recording.binder.bind(recording.file.steps[0].request, bindings: &bindings, serverNow: 1_700_000_000).get()
            guard case .textString(let id)? = sent[.batchItem]?[.requestPayload]?[.uniqueIdentifier]?.value else { return nil }
            return recording.comparator.compare(expected: recording.file.steps[0].expected, actual: try xml(response("GetAttributes", uid(id) + attributes)), request: sent, bindings: &bindings)
        }
        #expect(try check(digest("SHA_512", "ccddeeff")) == nil)
        #expect(try check(digest("SHA_256", "aabc"))?.path.last == "DigestValue")
    }

    @Test func queryMayListMoreButNotLess() throws {
        let operations = { (names: [String]) in names.map { "<Operation type=\"Enumeration\" value=\"\($0)\"/>" }.joined() }
        let recording = try Recording(request("Query", "<QueryFunction type=\"Enumeration\" value=\"QueryOperations\"/>")
            + response("Query", operations(["Create", "Get"]) + "<VendorIdentification type=\"TextString\" value=\"OASIS\"/>", time: "$NOW"))
        // Only the operations the file itself uses must be listed (4.1.1).
        var comparator = recording.comparator
        comparator.exercised = [TTLVItem(tag: .operation, .enumeration(Operation.create.rawValue)), TTLVItem(tag: .operation, .enumeration(Operation.get.rawValue))]
        let step = recording.file.steps[0]
        func check(_ answer: String) throws -> Mismatch? {
            var bindings = Bindings()
            return comparator.compare(expected: step.expected, actual: try xml(answer), request: step.request, bindings: &bindings)
        }
        #expect(try check(response("Query", operations(["Get", "Create"]))) == nil)
        #expect(try check(response("Query", operations(["Get"])))?.kind == .missingField)
        comparator.exercised = [TTLVItem(tag: .operation, .enumeration(Operation.get.rawValue))]
        #expect(try check(response("Query", operations(["Get"]))) == nil)
        var bindings = Bindings()
        let more = response("Query", operations(["Locate", "Get", "Create"]) + "<VendorIdentification type=\"TextString\" value=\"swift-kmip\"/>")
        #expect(try recording.check(step: 0, response: more, bindings: &bindings) == nil)
    }

    @Test func headerMayAddACorrelationValueButNothingElse() throws {
        let recording = try Recording(Self.createRecording)
        let payload = "<ObjectType type=\"Enumeration\" value=\"SymmetricKey\"/>" + uid("1")
        var bindings = Bindings()
        #expect(try recording.check(step: 0, response: response("Create", payload, header: "<ServerCorrelationValue type=\"TextString\" value=\"s-1\"/>"), bindings: &bindings) == nil)
        var again = Bindings()
        let found = try recording.check(step: 0, response: response("Create", payload, header: "<Nonce><NonceID type=\"ByteString\" value=\"01\"/><NonceValue type=\"ByteString\" value=\"02\"/></Nonce>"), bindings: &again)
        #expect(found?.kind == .unexpectedField)
    }

    @Test func missingBatchItemIsCaught() throws {
        let recording = try Recording(Self.createRecording)
        var bindings = Bindings()
        let empty = """
            <ResponseMessage><ResponseHeader><ProtocolVersion><ProtocolVersionMajor type="Integer" value="2"/><ProtocolVersionMinor type="Integer" value="1"/></ProtocolVersion>
            <TimeStamp type="DateTime" value="2023-11-14T22:13:20+00:00"/><BatchCount type="Integer" value="0"/></ResponseHeader></ResponseMessage>
            """
        let found = try recording.check(step: 0, response: empty, bindings: &bindings)
        #expect(found != nil)
    }

    @Test func wrongProtocolVersionIsCaught() throws {
        let recording = try Recording(Self.createRecording)
        var bindings = Bindings()
        let old = response("Create", "<ObjectType type=\"Enumeration\" value=\"SymmetricKey\"/>" + uid("1"))
            .replacingOccurrences(of: "<ProtocolVersionMinor type=\"Integer\" value=\"1\"/>", with: "<ProtocolVersionMinor type=\"Integer\" value=\"0\"/>")
        #expect(try recording.check(step: 0, response: old, bindings: &bindings)?.path.last == "ProtocolVersionMinor")
    }

    // MARK: 1.x Attribute Index 0 = absent (KMIP 1.x 2.1.1)

    @Test func attributeIndexZeroEqualsAbsentButOtherIndexesCount() throws {
        let attribute = { (index: String) in
            "<Attribute><AttributeName type=\"TextString\" value=\"Object Group\"/>\(index)<AttributeValue type=\"TextString\" value=\"g\"/></Attribute>"
        }
        let recording = try Recording(request("GetAttributes", uid("$UNIQUE_IDENTIFIER_RANDOM_0")) + response("GetAttributes", uid("$UNIQUE_IDENTIFIER_RANDOM_0") + attribute(""), time: "$NOW"))
        func check(_ index: String) throws -> Mismatch? {
            var bindings = Bindings()
            let sent = try recording.binder.bind(recording.file.steps[0].request, bindings: &bindings, serverNow: 1_700_000_000).get()
            guard case .textString(let id)? = sent[.batchItem]?[.requestPayload]?[.uniqueIdentifier]?.value else { return nil }
            return recording.comparator.compare(expected: recording.file.steps[0].expected, actual: try xml(response("GetAttributes", uid(id) + attribute(index))), request: sent, bindings: &bindings)
        }
        #expect(try check("<AttributeIndex type=\"Integer\" value=\"0\"/>") == nil)
        #expect(try check("<AttributeIndex type=\"Integer\" value=\"1\"/>") != nil)
    }

    // MARK: Located Items, Discover Versions (4.1.2), Interop (4.1.3), correlation values (4.1.1)

    @Test func locateMayAddLocatedItemsButMustFindTheObject() throws {
        let recording = try Recording(Self.createRecording + request("Locate", "<Attributes><ObjectType type=\"Enumeration\" value=\"SymmetricKey\"/></Attributes>")
            + response("Locate", uid("$UNIQUE_IDENTIFIER_0"), time: "$NOW"))
        var bindings = Bindings()
        #expect(try recording.check(step: 0, response: response("Create", "<ObjectType type=\"Enumeration\" value=\"SymmetricKey\"/>" + uid("1")), bindings: &bindings) == nil)
        var again = bindings
        #expect(try recording.check(step: 1, response: response("Locate", "<LocatedItems type=\"Integer\" value=\"1\"/>" + uid("1")), bindings: &again) == nil)
        var wrong = bindings
        #expect(try recording.check(step: 1, response: response("Locate", "<LocatedItems type=\"Integer\" value=\"0\"/>"), bindings: &wrong)?.kind == .missingField)
        var other = bindings
        #expect(try recording.check(step: 1, response: response("Locate", uid("2")), bindings: &other)?.kind == .placeholderConflict)
    }

    @Test func discoverVersionsMayListMoreInOrder() throws {
        let version = { (major: Int, minor: Int) in
            "<ProtocolVersion><ProtocolVersionMajor type=\"Integer\" value=\"\(major)\"/><ProtocolVersionMinor type=\"Integer\" value=\"\(minor)\"/></ProtocolVersion>"
        }
        let recording = try Recording(request("DiscoverVersions", "") + response("DiscoverVersions", version(2, 1) + version(2, 0), time: "$NOW"))
        var bindings = Bindings()
        #expect(try recording.check(step: 0, response: response("DiscoverVersions", version(2, 1) + version(2, 0) + version(1, 4)), bindings: &bindings) == nil)
        var wrong = Bindings()
        #expect(try recording.check(step: 0, response: response("DiscoverVersions", version(2, 1)), bindings: &wrong)?.kind == .missingField)
    }

    @Test func onlyAllInteropMessagesAreOptional() throws {
        let interop = try Recording(request("Interop", "<InteropFunction type=\"Enumeration\" value=\"Begin\"/><InteropIdentifier type=\"TextString\" value=\"BL-M-1-21\"/>")
            + response("Interop", "", time: "$NOW") + Self.createRecording)
        #expect(VariationRules.isOptionalRequest(interop.file.steps[0].request))
        #expect(!VariationRules.isOptionalRequest(interop.file.steps[1].request))
    }

    @Test func headerCorrelationValueMayBeAbsentButNotTheTimeStamp() throws {
        let recording = try Recording(request("Query", "<QueryFunction type=\"Enumeration\" value=\"QueryOperations\"/>")
            + response("Query", "", time: "$NOW", header: "<ServerCorrelationValue type=\"TextString\" value=\"55596B5B-7084CC25-6\"/>"))
        var bindings = Bindings()
        #expect(try recording.check(step: 0, response: response("Query", ""), bindings: &bindings) == nil)
        let noTime = response("Query", "").replacingOccurrences(of: "<TimeStamp type=\"DateTime\" value=\"2023-11-14T22:13:20+00:00\"/>", with: "")
        var wrong = Bindings()
        #expect(try recording.check(step: 0, response: noTime, bindings: &wrong)?.path.last == "TimeStamp")
    }

    @Test func randomNumberGeneratorContentsAreTheServersButItMustBeThere() throws {
        let rng = { (algorithm: String) in "<RandomNumberGenerator><RNGAlgorithm type=\"Enumeration\" value=\"\(algorithm)\"/></RandomNumberGenerator>" }
        #expect(try attributesCheck(Self.name + "<CryptographicLength type=\"Integer\" value=\"256\"/><State type=\"Enumeration\" value=\"PreActive\"/>" + rng("DRBG")) == nil)
        let recording = try Recording(Self.attributesRecording.replacingOccurrences(of: "</Attributes>", with: rng("ANSIX9_31") + "</Attributes>"))
        var bindings = Bindings()
        let sent = try recording.binder.bind(recording.file.steps[0].request, bindings: &bindings, serverNow: 1_700_000_000).get()
        guard case .textString(let id)? = sent[.batchItem]?[.requestPayload]?[.uniqueIdentifier]?.value else { return }
        let attributes = Self.name + "<CryptographicLength type=\"Integer\" value=\"256\"/><State type=\"Enumeration\" value=\"PreActive\"/>"
        var scratch = bindings
        #expect(recording.comparator.compare(expected: recording.file.steps[0].expected, actual: try xml(response("GetAttributes", uid(id) + "<Attributes>\(attributes + rng("DRBG"))</Attributes>")), request: sent, bindings: &scratch) == nil)
        #expect(recording.comparator.compare(expected: recording.file.steps[0].expected, actual: try xml(response("GetAttributes", uid(id) + "<Attributes>\(attributes)</Attributes>")), request: sent, bindings: &bindings)?.kind == .missingField)
    }
}

func xml(_ text: String) throws -> TTLVItem {
    try TTLVXML.decode(Array(text.utf8))
}
