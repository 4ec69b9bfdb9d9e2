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
            let made = [Tag.uniqueIdentifier, .privateKeyUniqueIdentifier, .publicKeyUniqueIdentifier].compactMap { Self.text(payload?[$0]) }
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

    private func compare(
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

    private enum Variation {
        case notVariable
        /// Allowed; `rebind`: later requests get the server's value in place of the recorded one.
        case allowed(rebind: Bool)
        case refused(String)
    }

    private func variation(tag: Tag, _ expected: TTLVItem, _ actual: TTLVItem, _ context: Context, _ bindings: Bindings) -> Variation {
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
            guard equalLength || tag == .digestValue || expected.type != .byteString else {
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

    private func checkDate(_ got: Int64, near now: Int64, offset: Int64, tag: Tag) -> Variation {
        let target = now &+ offset
        if abs(got &- target) <= timeTolerance { return .allowed(rebind: false) }
        return .refused("\(tag) \(DateTimeText.format(seconds: got)) is more than \(timeTolerance) s from the server's clock\(offset == 0 ? "" : " \(offset > 0 ? "+" : "")\(offset) s") (\(DateTimeText.format(seconds: target)))")
    }

    private func comparePlaceholder(
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
        if let bound = bindings.placeholders[text] {
            if bound == actual.value { return nil }
            return mismatch(.placeholderConflict, path, "\(text) was bound to \(TTLVTree.inline(TTLVItem(tag: tag, bound))), now \(TTLVTree.inline(actual))", expected, actual)
        }
        if Bindings.isIdentifierPlaceholder(text), let other = bindings.isBoundToOtherIdentifier(actual.value, besides: text) {
            return mismatch(.placeholderConflict, path, "\(text) got \(TTLVTree.inline(actual)), the identifier already bound to \(other)", expected, actual)
        }
        bindings.placeholders[text] = actual.value
        return nil
    }

    // MARK: - Structures

    private func compareStructure(_ expected: TTLVItem, _ actual: TTLVItem, path: [String], _ context: Context, _ bindings: inout Bindings) -> Mismatch? {
        let isPayload = expected.tag == .responsePayload
        let inQuery = isPayload && context.operation == .query
        var skipped = VariationRules.uncompared
        skipped.formUnion(VariationRules.optionalMembers[expected.tag] ?? [])
        if inQuery { skipped.formUnion(VariationRules.uncomparedInQuery) }
        // 4.1.1: the Digest's hashing algorithm may differ, and then so does its value.
        if expected.tag == .digest, let algorithm = actual[.hashingAlgorithm], expected[.hashingAlgorithm].map({ $0.value != algorithm.value }) == true {
            guard actual[.digestValue] != nil else {
                return mismatch(.missingField, path + ["DigestValue"], "the Digest has no Digest Value", expected[.digestValue], nil)
            }
            return nil
        }
        var expectedChildren = expected.children.filter { !skipped.contains($0.tag) && !VariationRules.defaultMembers.contains($0) }
        if inQuery {
            expectedChildren.removeAll { ($0.tag == .operation || $0.tag == .objectType) && !exercised.contains($0) }
        }
        let actualChildren = actual.children.filter { !skipped.contains($0.tag) && !VariationRules.defaultMembers.contains($0) }
        let unordered = VariationRules.attributeContainers.contains(expected.tag)
            || (isPayload && context.operation.map(VariationRules.unorderedPayloads.contains) == true)
        if unordered {
            return matchUnordered(expectedChildren, actualChildren, path: path, context, &bindings)
        }
        var extras = VariationRules.optionalExtras[expected.tag] ?? []
        if isPayload, let operation = context.operation { extras.formUnion(VariationRules.payloadExtras[operation] ?? []) }
        return matchOrdered(expectedChildren, actualChildren, path: path, extras: extras, context, &bindings)
    }

    /// Members in recorded order; the server may put allowed extras anywhere.
    private func matchOrdered(
        _ expected: [TTLVItem], _ actual: [TTLVItem], path: [String], extras: Set<Tag>, _ context: Context, _ bindings: inout Bindings
    ) -> Mismatch? {
        var next = 0
        var attributeName: String?
        for (index, child) in expected.enumerated() {
            let childPath = path + [Mismatch.step(child, index: index, in: expected)]
            guard let found = actual[next...].firstIndex(where: { $0.tag == child.tag }) else {
                return mismatch(.missingField, childPath, "missing \(child.tag)", child, nil)
            }
            if let extra = actual[next..<found].first(where: { !extras.contains($0.tag) }) {
                return mismatch(.unexpectedField, path + [extra.tag.description], "unexpected \(extra.tag) before \(child.tag)", nil, extra)
            }
            if let failure = compare(child, actual[found], path: childPath, attributeName: attributeName, context, &bindings) {
                return failure
            }
            if child.tag == .attributeName, case .textString(let text) = child.value { attributeName = text }
            next = found + 1
        }
        if let extra = actual[next...].first(where: { !extras.contains($0.tag) }) {
            return mismatch(.unexpectedField, path + [extra.tag.description], "unexpected \(extra.tag)", nil, extra)
        }
        return nil
    }

    /// Members in any order, extras allowed; each recorded member must match a distinct one.
    private func matchUnordered(_ expected: [TTLVItem], _ actual: [TTLVItem], path: [String], _ context: Context, _ bindings: inout Bindings) -> Mismatch? {
        var used = Set<Int>()
        for (index, child) in expected.enumerated() {
            let childPath = path + [Mismatch.step(child, index: index, in: expected)]
            let candidates = actual.indices.filter { !used.contains($0) && actual[$0].tag == child.tag }
            var matched = false
            for candidate in candidates {
                var trial = bindings
                if compare(child, actual[candidate], path: childPath, attributeName: nil, context, &trial) == nil {
                    bindings = trial
                    used.insert(candidate)
                    matched = true
                    break
                }
            }
            if matched { continue }
            guard !candidates.isEmpty else { return mismatch(.missingField, childPath, "missing \(Self.label(child))", child, nil) }
            // A repeated member (Query's Operation list) with no equal one is missing.
            if case .structure = child.value {} else if expected.filter({ $0.tag == child.tag }).count > 1 || actual.filter({ $0.tag == child.tag }).count > 1 {
                return mismatch(.missingField, childPath, "no \(child.tag) \(TTLVTree.inline(marks.readable(child)))", child, nil)
            }
            // Report against the closest candidate: same Attribute Name when there is one.
            let best = candidates.first { Self.attributeName(of: actual[$0]) == Self.attributeName(of: child) && Self.attributeName(of: child) != nil } ?? candidates[0]
            var scratch = bindings
            if let failure = compare(child, actual[best], path: childPath, attributeName: nil, context, &scratch) {
                if Self.attributeName(of: child) != nil && Self.attributeName(of: actual[best]) != Self.attributeName(of: child) {
                    return mismatch(.missingField, childPath, "missing \(Self.label(child))", child, nil)
                }
                return failure
            }
            return mismatch(.missingField, childPath, "no member matches \(Self.label(child))", child, nil)
        }
        return nil
    }

    // MARK: - Helpers

    /// Whether Data, IV, signatures and MACs may differ for this item (4.1.1: the key was
    /// server-generated, or the operation is not deterministic).
    private func outputsVary(_ context: Context, requestPayload: TTLVItem?, bindings: Bindings) -> Bool {
        guard let operation = context.operation else { return false }
        if operation == .rngRetrieve { return true }
        let parameters = requestPayload?[.cryptographicParameters] ?? context.subject.flatMap { bindings.parameters[$0] }
        let padding = parameters?[.paddingMethod].flatMap { item -> UInt32? in if case .enumeration(let raw) = item.value { raw } else { nil } }
        switch operation {
        case .encrypt:
            if context.generatedKey { return true }
            if padding == PaddingMethod.oaep.rawValue || padding == PaddingMethod.pkcs1V1_5.rawValue { return true }
            if case .boolean(true)? = parameters?[.randomIV]?.value { return true }
            if let mode = parameters?[.blockCipherMode], requestPayload?[.ivCounterNonce] == nil,
               mode.value != .enumeration(BlockCipherMode.ecb.rawValue) { return true }
            return false
        case .sign:
            return context.generatedKey || padding == PaddingMethod.pss.rawValue
        case .mac:
            return context.generatedKey
        case .decrypt:
            // Only when the harness could not send this server's own ciphertext.
            guard context.generatedKey, let data = requestPayload?[.data]?.value else { return false }
            return !bindings.literals.values.contains(data)
        default:
            return false
        }
    }

    private func mismatch(_ kind: Mismatch.Kind, _ path: [String], _ reason: String, _ expected: TTLVItem?, _ actual: TTLVItem?) -> Mismatch {
        Mismatch(kind, path: path, reason: reason, expected: expected.map(marks.readable), actual: actual)
    }

    /// The tag an item stands for: its own, or for a 1.x Attribute Value the tag its
    /// Attribute Name names.
    static func effectiveTag(_ tag: Tag, attributeName: String?) -> Tag {
        guard tag == .attributeValue, let attributeName, let named = SpecTable.tag(named: attributeName) else { return tag }
        return named.tag
    }

    static func operation(of batchItem: TTLVItem) -> Operation? {
        if case .enumeration(let raw)? = batchItem[.operation]?.value { return Operation(rawValue: raw) }
        return nil
    }

    static func text(_ item: TTLVItem?) -> String? {
        if case .textString(let text)? = item?.value { return text }
        return nil
    }

    static func seconds(_ value: TTLVValue) -> Int64? {
        switch value {
        case .dateTime(let seconds): seconds
        case .dateTimeExtended(let micros): micros / 1_000_000
        default: nil
        }
    }

    static func byteCount(_ value: TTLVValue) -> Int? {
        if case .byteString(let bytes) = value { return bytes.count }
        return nil
    }

    static func timeStamp(of message: TTLVItem) -> Int64? {
        message[.responseHeader]?[.timeStamp].flatMap { seconds($0.value) }
    }

    /// The first Cryptographic Parameters in a request payload's attributes (2.x structure or
    /// 1.x Attribute), which Encrypt, Sign and friends use when the request names none.
    static func cryptographicParameters(in item: TTLVItem) -> TTLVItem? {
        if item.tag == .cryptographicParameters { return item }
        if item.tag == .attribute, attributeName(of: item) == "Cryptographic Parameters", let value = item[.attributeValue] {
            return TTLVItem(tag: .cryptographicParameters, value.value)
        }
        for child in item.children {
            if let found = cryptographicParameters(in: child) { return found }
        }
        return nil
    }

    static func attributeName(of item: TTLVItem) -> String? {
        text(item[.attributeName])
    }

    static func label(_ item: TTLVItem) -> String {
        attributeName(of: item).map { "\(item.tag) '\($0)'" } ?? item.tag.description
    }

    /// "OperationFailed ItemNotFound: message" for a failed batch item.
    static func failureText(_ item: TTLVItem) -> String? {
        guard case .enumeration(let raw)? = item[.resultStatus]?.value, raw != ResultStatus.success.rawValue else { return nil }
        var text = ResultStatus(rawValue: raw).description
        if case .enumeration(let reason)? = item[.resultReason]?.value { text += " " + ResultReason(rawValue: reason).description }
        if let message = Self.text(item[.resultMessage]) { text += ": " + message }
        return text
    }
}
