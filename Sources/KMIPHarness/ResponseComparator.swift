import KMIPSpec
public import TTLV
import TTLVText

/// Compares a server's response message with the recorded one under the permitted
/// variations of `VariationRules`, binding placeholders as it goes. Anything else that
/// differs is a mismatch: a value, a Result Status or Reason, a missing field, an extra field
/// no rule allows, an item type.
public struct ResponseComparator: Sendable {
    public let marks: PlaceholderMarks
    /// How far (seconds) a date the server chose may be from the server's clock plus the
    /// placeholder's offset.
    public var timeTolerance: Int64 = 3600
    /// The Operation and Object Type items the file's requests use: the ones a Query
    /// response must list (4.1.1 lets a server list other operations and object types or not).
    public var exercised: Set<TTLVItem> = []

    public init(marks: PlaceholderMarks) {
        self.marks = marks
    }

    /// What the comparison of one batch item knows about it.
    struct Context {
        var operation: Operation?
        /// The server's clock at the response (its Time Stamp).
        var serverNow: Int64
        /// The item is about an object whose key material the server generated.
        var generatedKey = false
        /// Cryptographic outputs (Data, IV, signature, MAC, tag) may differ.
        var outputsVary = false
        /// The server's identifier of the object the item is about.
        var subject: String?
        /// The request begins a multi-part operation (Init Indicator): its Correlation Value is
        /// a new one, even where the file reuses the placeholder of a run that ended.
        var beginsRun = false
        /// The item is Operation Pending: its Asynchronous Correlation Value is a new one, even
        /// where the file reuses the placeholder of an operation polled or canceled before.
        var pending = false
    }

    /// Compares `actual` with `expected`, the recording for the message `request` (as sent);
    /// on success the bindings hold what the response taught.
    public func compare(expected: TTLVItem, actual: TTLVItem, request: TTLVItem, bindings: inout Bindings) -> Mismatch? {
        let root = [expected.tag.description]
        guard actual.tag == expected.tag, case .structure = actual.value else {
            return mismatch(.valueDiffers, root, "the server answered with \(actual.tag), not \(expected.tag)", expected, actual)
        }
        var context = Context(serverNow: Self.timeStamp(of: actual) ?? bindings.nowBase ?? 0)
        let expectedItems = expected.all(.batchItem)
        let actualItems = actual.all(.batchItem)
        let requestItems = request.all(.batchItem)
        var lastIdentifier: String?
        for (index, expectedItem) in expectedItems.enumerated() {
            let path = root + [expectedItems.count > 1 ? "BatchItem[\(index + 1)]" : "BatchItem"]
            guard index < actualItems.count else {
                return mismatch(.missingField, path, "the response has \(actualItems.count) batch items, the recording \(expectedItems.count)", expectedItem, nil)
            }
            let actualItem = actualItems[index]
            let requestItem = index < requestItems.count ? requestItems[index] : nil
            context.operation = Self.operation(of: expectedItem) ?? requestItem.flatMap(Self.operation)
            let requestPayload = requestItem?[.requestPayload]
            let subject = Self.text(requestPayload?[.uniqueIdentifier]) ?? Self.text(actualItem[.responsePayload]?[.uniqueIdentifier]) ?? lastIdentifier
            context.subject = subject
            context.generatedKey = subject.map(bindings.generated.contains) ?? false
            context.outputsVary = outputsVary(context, requestPayload: requestPayload, bindings: bindings)
            context.beginsRun = requestPayload?[.initIndicator]?.value == .boolean(true)
            context.pending = actualItem[.resultStatus]?.value == .enumeration(ResultStatus.operationPending.rawValue)
            // The Result Status first: when it differs, nothing else in the item says more.
            var found: Mismatch?
            if let status = expectedItem[.resultStatus], let got = actualItem[.resultStatus], status.value != got.value {
                found = compare(status, got, path: path + ["ResultStatus"], attributeName: nil, context, &bindings)
            }
            if var found = found ?? compare(expectedItem, actualItem, path: path, attributeName: nil, context, &bindings) {
                if let status = Self.failureText(actualItem) { found.reason += " (server: \(status))" }
                if found.path.last == "ResultStatus", case .enumeration(let reason)? = expectedItem[.resultReason]?.value {
                    found.reason += " (recorded reason: \(ResultReason(rawValue: reason)))"
                }
                return found
            }
            let payload = actualItem[.responsePayload]
            if let identifier = Self.text(payload?[.uniqueIdentifier]) { lastIdentifier = identifier }
            guard let operation = context.operation, case .enumeration(ResultStatus.success.rawValue)? = actualItem[.resultStatus]?.value else { continue }
            // Every identifier: Create Split Key names all its parts.
            let made = (payload?.all(.uniqueIdentifier) ?? []).compactMap { Self.text($0) }
                + [Tag.privateKeyUniqueIdentifier, .publicKeyUniqueIdentifier].compactMap { Self.text(payload?[$0]) }
            if VariationRules.generatingOperations.contains(operation) { bindings.generated.formUnion(made) }
            if operation == .create || operation == .createKeyPair || operation == .register, let requestPayload,
               let parameters = Self.cryptographicParameters(in: requestPayload) {
                for identifier in made { bindings.parameters[identifier] = parameters }
            }
        }
        // The header last: a Batch Count that differs says less than the batch item that explains it.
        if let expectedHeader = expected[.responseHeader] {
            guard let header = actual[.responseHeader] else {
                return mismatch(.missingField, root + ["ResponseHeader"], "the response has no header", expectedHeader, nil)
            }
            if let found = compare(expectedHeader, header, path: root + ["ResponseHeader"], attributeName: nil, context, &bindings) {
                return found
            }
        }
        if actualItems.count > expectedItems.count {
            return mismatch(.unexpectedField, root + ["BatchItem[\(expectedItems.count + 1)]"],
                            "the response has \(actualItems.count) batch items, the recording \(expectedItems.count)", nil, actualItems[expectedItems.count])
        }
        return nil
    }

    // MARK: - Items

    func compare(
        _ expected: TTLVItem, _ actual: TTLVItem, path: [String], attributeName: String?, _ context: Context, _ bindings: inout Bindings
    ) -> Mismatch? {
        guard expected.type == actual.type else {
            if marks.placeholder(in: expected.value) == nil || expected.type == .structure || actual.type == .structure {
                return mismatch(.typeDiffers, path, "a \(actual.type.name) where the recording has a \(expected.type.name)", expected, actual)
            }
            return mismatch(.typeDiffers, path, "a \(actual.type.name) where the recording has a \(expected.type.name) placeholder", expected, actual)
        }
        if case .structure = expected.value {
            return compareStructure(expected, actual, path: path, context, &bindings)
        }
        let tag = Self.effectiveTag(expected.tag, attributeName: attributeName)
        if let text = marks.placeholder(in: expected.value) {
            return comparePlaceholder(text, expected, actual, tag: tag, path: path, context, &bindings)
        }
        if expected.value == actual.value { return nil }
        if let bound = bindings.literals[expected.value] {
            if bound == actual.value { return nil }
            return mismatch(.placeholderConflict, path, "the recorded value was answered with \(TTLVTree.inline(TTLVItem(tag: tag, bound))) earlier, now \(TTLVTree.inline(actual))", expected, actual)
        }
        switch variation(tag: tag, expected, actual, context, bindings) {
        case .allowed(let rebind):
            if rebind { bindings.literals[expected.value] = actual.value }
            return nil
        case .refused(let reason):
            return mismatch(.valueDiffers, path, reason, expected, actual)
        case .notVariable:
            let expectedText = TTLVTree.inline(TTLVItem(tag: tag, expected.value))
            let actualText = TTLVTree.inline(TTLVItem(tag: tag, actual.value))
            return mismatch(.valueDiffers, path, "expected \(expectedText), got \(actualText)", expected, actual)
        }
    }

    enum Variation {
        case notVariable
        /// Allowed; `rebind`: later requests get the server's value in place of the recorded one.
        case allowed(rebind: Bool)
        case refused(String)
    }

    func variation(tag: Tag, _ expected: TTLVItem, _ actual: TTLVItem, _ context: Context, _ bindings: Bindings) -> Variation {
        if VariationRules.serverChosenIdentifiers.contains(tag) {
            return .allowed(rebind: true)
        }
        if VariationRules.serverDates.contains(tag), let seconds = Self.seconds(expected.value), let got = Self.seconds(actual.value) {
            if bindings.sentDates[tag]?.contains(seconds) == true {
                return .refused("the request set \(tag) to \(TTLVTree.inline(expected)); the server answered \(TTLVTree.inline(actual))")
            }
            return checkDate(got, near: context.serverNow, offset: 0, tag: tag)
        }
        let equalLength = Self.byteCount(expected.value) == Self.byteCount(actual.value)
        if context.generatedKey, VariationRules.generatedKeyValues.contains(tag) {
            guard equalLength || tag == .digestValue || expected.type != .byteString || Self.similarDER(expected.value, actual.value) else {
                return .refused("\(tag) of a server-generated key may differ, but not in length: \(Self.byteCount(actual.value) ?? 0) bytes, recorded \(Self.byteCount(expected.value) ?? 0)")
            }
            return .allowed(rebind: true)
        }
        if context.outputsVary, VariationRules.cryptographicOutputs.contains(tag) {
            guard equalLength else {
                return .refused("\(tag) may differ here (generated key or random input), but not in length: \(Self.byteCount(actual.value) ?? 0) bytes, recorded \(Self.byteCount(expected.value) ?? 0)")
            }
            return .allowed(rebind: true)
        }
        return .notVariable
    }

    func checkDate(_ got: Int64, near now: Int64, offset: Int64, tag: Tag) -> Variation {
        let target = now &+ offset
        if abs(got &- target) <= timeTolerance { return .allowed(rebind: false) }
        return .refused("\(tag) \(DateTimeText.format(seconds: got)) is more than \(timeTolerance) s from the server's clock\(offset == 0 ? "" : " \(offset > 0 ? "+" : "")\(offset) s") (\(DateTimeText.format(seconds: target)))")
    }

    func comparePlaceholder(
        _ text: String, _ expected: TTLVItem, _ actual: TTLVItem, tag: Tag, path: [String], _ context: Context, _ bindings: inout Bindings
    ) -> Mismatch? {
        if let offset = Placeholder.nowOffset(text), let got = Self.seconds(actual.value) {
            if let base = bindings.nowBase, bindings.sentDates[tag]?.contains(base &+ offset) == true {
                if got == base &+ offset { return nil }
                return mismatch(.valueDiffers, path, "the request set \(tag) to \(text) = \(DateTimeText.format(seconds: base &+ offset)); the server answered \(DateTimeText.format(seconds: got))", expected, actual)
            }
            if case .refused(let reason) = checkDate(got, near: context.serverNow, offset: offset, tag: tag) {
                return mismatch(.valueDiffers, path, reason, expected, actual)
            }
            return nil
        }
        if let bound = bindings.placeholders[text], !(tag == .correlationValue && context.beginsRun), !(tag == .asynchronousCorrelationValue && context.pending) {
            if bound == actual.value { return nil }
            return mismatch(.placeholderConflict, path, "\(text) was bound to \(TTLVTree.inline(TTLVItem(tag: tag, bound))), now \(TTLVTree.inline(actual))", expected, actual)
        }
        if Bindings.isIdentifierPlaceholder(text), let other = bindings.isBoundToOtherIdentifier(actual.value, besides: text) {
            return mismatch(.placeholderConflict, path, "\(text) got \(TTLVTree.inline(actual)), the identifier already bound to \(other)", expected, actual)
        }
        bindings.placeholders[text] = actual.value
        return nil
    }
}
