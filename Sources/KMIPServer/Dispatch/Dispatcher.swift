import KMIP
public import KMIPTLS
public import KMIPSpec
public import TTLV

/// Turns request bytes into response bytes: reads the message, checks the version, runs each
/// batch item through its handler (Batch Error Continuation Option, ID Placeholder), applies
/// Maximum Response Size, and turns every failure into a KMIP error result. It never throws
/// and never traps on input; only when no response can be formed at all does it return nil.
public final class Dispatcher: Sendable {
    public let store: any ObjectStore
    /// Multi-part runs, kept between requests.
    public let streams: CryptoStreams
    /// Batch items asynchronous requests left for their clients to poll.
    public let pending = PendingOperations()
    /// The tickets Login and Delegated Login handed out.
    public let tickets = Tickets()
    public let clock: @Sendable () -> Int64
    public let handlers: [Operation: OperationHandler]
    public let decodingOptions: TTLVDecodingOptions
    /// The most batch items one request may carry; more is refused with Server Limit Exceeded.
    public let maxBatchItems: Int
    /// The most identifiers one Locate returns, whatever the client asks.
    public let maxLocateItems: Int
    /// The CA Certify and Re-certify sign with; nil when the server has none.
    public let certificateAuthority: Credentials?
    /// The versions served, newest first.
    public static let supportedVersions: [KMIPVersion] = KMIPVersion.all.reversed()

    public init(store: any ObjectStore, clock: @escaping @Sendable () -> Int64, handlers: [Operation: OperationHandler],
                decodingOptions: TTLVDecodingOptions = .init(), maxBatchItems: Int = 1000, maxLocateItems: Int = 100_000,
                streams: CryptoStreams = CryptoStreams(), certificateAuthority: Credentials? = nil) {
        self.store = store
        self.streams = streams
        self.clock = clock
        self.handlers = handlers
        self.decodingOptions = decodingOptions
        self.maxBatchItems = maxBatchItems
        self.maxLocateItems = maxLocateItems
        self.certificateAuthority = certificateAuthority
    }

    /// What happened to one request, for the log.
    public struct Outcome: Sendable {
        public var operations: [(operation: Operation?, status: ResultStatus, reason: ResultReason?, identifier: String?)]
        /// Limits the request ran into, and why a message was refused as a whole, one line each.
        public var notes: [String] = []
    }

    /// Serves one request message from `client`.
    public func handle(_ bytes: [UInt8], client: String) async -> (response: [UInt8], outcome: Outcome) {
        let now = DateTime(secondsSince1970: clock())
        let item: TTLVItem
        do {
            item = try TTLVDecoder.decodeMessage(bytes, options: decodingOptions)
        } catch {
            return failure(version: .v1_0, now: now, reason: .invalidMessage, message: "unreadable message: \(error)")
        }
        let request: RequestMessage
        do {
            request = try RequestMessage(ttlv: item)
        } catch {
            let version = Self.version(of: item) ?? .v1_0
            return failure(version: Self.supportedVersions.contains(version) ? version : .v1_0, now: now, reason: .invalidMessage, message: "\(error)")
        }
        let version = request.version
        guard Self.supportedVersions.contains(version) else {
            let answer = Self.supportedVersions.first { $0.major == version.major && $0 < version } ?? .v1_0
            return failure(version: answer, now: now, reason: .invalidMessage,
                           message: "KMIP \(version) is not supported; this server speaks \(Self.supportedVersions.map(\.description).joined(separator: ", "))")
        }
        guard request.batchItems.count <= maxBatchItems else {
            return failure(version: version, now: now, reason: .serverLimitExceeded,
                           message: "the request has \(request.batchItems.count) batch items; the limit is \(maxBatchItems) (--max-batch-items)")
        }
        // This server understands no Message Extension: a critical one rejects the whole
        // message (1.x section 6.16, 2.x section 8.16), each item answered Feature Not Supported.
        if let critical = request.batchItems.lazy.compactMap(\.messageExtension).first(where: \.criticalityIndicator) {
            return rejected(request, version: version, now: now, reason: .featureNotSupported,
                            message: "the critical Message Extension of \(critical.vendorIdentification) is not understood")
        }
        // Undo: the batch's changes are remembered so that a failure can take them back.
        let undoable = request.header.batchErrorContinuationOption == .undo ? UndoableStore(store) : nil
        // A Ticket credential makes the request its owner's, within its Rights; a ticket that is
        // not good (any more) refuses the whole message.
        let grant: Tickets.Grant?
        do {
            grant = try Self.ticket(in: request.header.authentication, version: version).map { (ticket) throws(OperationError) in try tickets.redeem(ticket, now: now) }
        } catch {
            return rejected(request, version: version, now: now, reason: error.reason, message: error.message)
        }
        var context = OperationContext(client: grant?.owner ?? Self.owner(client, authentication: request.header.authentication), version: version, now: now,
                                       store: undoable ?? store, streams: streams, maxLocateItems: maxLocateItems, tickets: tickets, rights: grant?.rights,
                                       certificateAuthority: certificateAuthority)
        var results: [ResponseBatchItem] = []
        var outcome = Outcome(operations: [])
        let asynchronous = PendingOperations.requested(by: request.header.asynchronousIndicator)
        for batchItem in request.batchItems {
            let (result, identifier): (ResponseBatchItem, String?) = if asynchronous, batchItem.operation != .poll, batchItem.operation != .cancel {
                park(batchItem, messageBytes: bytes.count, context: context)
            } else {
                await run(batchItem, context: &context)
            }
            results.append(result)
            outcome.operations.append((batchItem.operation, result.resultStatus, result.resultReason, identifier))
            guard result.resultStatus != .success, result.resultStatus != .operationPending else { continue }
            if let undoable {
                await undo(undoable, results: &results, outcome: &outcome)
            }
            if request.header.batchErrorContinuationOption != .continue { break }
        }
        var header = ResponseHeader(protocolVersion: version, timeStamp: now, batchCount: Int32(results.count))
        if version >= .v1_4 { header.clientCorrelationValue = request.header.clientCorrelationValue }
        outcome.notes = context.notes
        let response = ResponseMessage(header: header, batchItems: results)
        let encoded = (try? response.encoded()) ?? []
        if let limit = request.header.maximumResponseSize, encoded.count > Int(limit) {
            return rejected(request, version: version, now: now, reason: .responseTooLarge,
                            message: "the response is \(encoded.count) bytes; the limit asked for is \(limit)", header: header, notes: outcome.notes)
        }
        if encoded.isEmpty {
            return failure(version: version, now: now, reason: .generalFailure, message: "the response could not be encoded")
        }
        return (encoded, outcome)
    }

    /// The answer to a message refused as a whole: every batch item failed with `reason`.
    private func rejected(_ request: RequestMessage, version: KMIPVersion, now: DateTime, reason: ResultReason, message: String,
                          header: ResponseHeader? = nil, notes: [String] = []) -> ([UInt8], Outcome) {
        let items = request.batchItems.map {
            ResponseBatchItem(operation: $0.operation, uniqueBatchItemID: $0.uniqueBatchItemID, resultStatus: .operationFailed,
                              resultReason: reason.expressible(in: version), resultMessage: message)
        }
        var header = header ?? ResponseHeader(protocolVersion: version, timeStamp: now, batchCount: 0)
        header.batchCount = Int32(items.count)
        guard let encoded = try? ResponseMessage(header: header, batchItems: items).encoded() else {
            return failure(version: version, now: now, reason: .generalFailure, message: "the response could not be encoded")
        }
        let operations = request.batchItems.map { (operation: Optional($0.operation), status: ResultStatus.operationFailed, reason: Optional(reason), identifier: String?.none) }
        return (encoded, Outcome(operations: operations, notes: notes + [message]))
    }

    /// Runs one batch item; returns its result and the Unique Identifier it returned, if any.
    private func run(_ batchItem: RequestBatchItem, context: inout OperationContext) async -> (ResponseBatchItem, String?) {
        let version = context.version
        func failed(_ reason: ResultReason, _ message: String) -> (ResponseBatchItem, String?) {
            (ResponseBatchItem(operation: batchItem.operation, uniqueBatchItemID: batchItem.uniqueBatchItemID, resultStatus: .operationFailed,
                               resultReason: reason.expressible(in: version), resultMessage: message), nil)
        }
        if let rights = context.rights, !(await Self.allowed(batchItem, by: rights, context: context)) {
            return failed(.notAuthorised, "the ticket's Rights do not allow \(batchItem.operation) here")
        }
        // Poll runs the parked item and answers with its result; Cancel drops it.
        if batchItem.operation == .poll, let poll = batchItem.payload as? PollRequest {
            do {
                var (result, identifier) = await run(try pending.take(poll.asynchronousCorrelationValue, owner: context.client), context: &context)
                result.uniqueBatchItemID = batchItem.uniqueBatchItemID
                return (result, identifier)
            } catch {
                return failed(error.reason, error.message)
            }
        }
        if batchItem.operation == .cancel, let cancel = batchItem.payload as? CancelRequest {
            do {
                _ = try pending.take(cancel.asynchronousCorrelationValue, owner: context.client)
                return (ResponseBatchItem(CancelResponse(asynchronousCorrelationValue: cancel.asynchronousCorrelationValue, cancellationResult: .canceled),
                                          uniqueBatchItemID: batchItem.uniqueBatchItemID), nil)
            } catch {
                return failed(error.reason, error.message)
            }
        }
        guard let handler = handlers[batchItem.operation] else {
            return failed(.operationNotSupported, "\(batchItem.operation) is not supported")
        }
        do {
            let payload = try await handler(batchItem.payload, &context)
            // The response must be expressible in the request's version; its encoding also
            // gives the identifier for the ID Placeholder.
            let encoded = try payload.ttlv(.responsePayload, version: version)
            let identifier = Self.identifier(in: encoded)
            // A Locate that finds several objects (or none) empties the ID Placeholder.
            if identifier != nil || batchItem.operation == .locate { context.idPlaceholder = identifier }
            // The response carries that encoding, so the payload is not encoded twice.
            return (ResponseBatchItem(UntypedResponse(operation: batchItem.operation, item: encoded), uniqueBatchItemID: batchItem.uniqueBatchItemID), identifier)
        } catch let error as OperationError {
            // A server limit hit is logged with its flag (the message names it).
            if error.reason == .serverLimitExceeded { context.notes.append(error.message) }
            return failed(error.reason, error.message)
        } catch let error as KMIPError {
            return failed(.invalidField, error.description)
        } catch {
            return failed(.generalFailure, "\(error)")
        }
    }

    /// Leaves `batchItem` for its client to poll: Operation Pending, with its correlation value.
    private func park(_ batchItem: RequestBatchItem, messageBytes: Int, context: OperationContext) -> (ResponseBatchItem, String?) {
        do {
            let value = try pending.park(batchItem, owner: context.client, bytes: messageBytes)
            return (ResponseBatchItem(operation: batchItem.operation, uniqueBatchItemID: batchItem.uniqueBatchItemID, resultStatus: .operationPending,
                                      asynchronousCorrelationValue: value), nil)
        } catch {
            return (ResponseBatchItem(operation: batchItem.operation, uniqueBatchItemID: batchItem.uniqueBatchItemID, resultStatus: .operationFailed,
                                      resultReason: error.reason.expressible(in: context.version), resultMessage: error.message), nil)
        }
    }

    /// Takes back the changes of the items before the failed last one and marks them Operation
    /// Undone (their payloads stay, as the 2.1 vectors show); if the store cannot put things
    /// back, they stay as they were answered and the log says so.
    private func undo(_ store: UndoableStore, results: inout [ResponseBatchItem], outcome: inout Outcome) async {
        do {
            try await store.undo()
        } catch {
            outcome.notes.append("undo failed, the earlier items stand: \(error)")
            return
        }
        for index in results.indices.dropLast() where results[index].resultStatus == .success {
            results[index].resultStatus = .operationUndone
            outcome.operations[index].status = .operationUndone
        }
    }

    /// The answer to a request that is not a message at all (an XML or JSON body that does not
    /// read): Invalid Message, at KMIP 1.0 as for unreadable bytes.
    public func unreadable(_ message: String) -> (response: [UInt8], outcome: Outcome) {
        failure(version: .v1_0, now: DateTime(secondsSince1970: clock()), reason: .invalidMessage, message: message)
    }

    /// An error response of one failed batch item.
    private func failure(version: KMIPVersion, now: DateTime, reason: ResultReason, message: String, operation: Operation? = nil) -> ([UInt8], Outcome) {
        let header = ResponseHeader(protocolVersion: version, timeStamp: now, batchCount: 1)
        let item = ResponseBatchItem(operation: operation, resultStatus: .operationFailed, resultReason: reason.expressible(in: version), resultMessage: message)
        let bytes = (try? ResponseMessage(header: header, batchItems: [item]).encoded()) ?? []
        return (bytes, Outcome(operations: [(operation, .operationFailed, reason, nil)], notes: [message]))
    }

    /// Who owns what a request makes and may use it: the TLS client, or, when the request
    /// carries a Username and Password or a Device credential, that user or device of the TLS
    /// client (1.2 section 2.1.2, TC-111, TC-112). Passwords are not checked: a mock server
    /// keeps no user list, the credential only tells the users of one certificate apart.
    static func owner(_ client: String, authentication: Authentication?) -> String {
        for credential in authentication?.credentials ?? [] {
            guard case .structure(let fields) = credential.credentialValue.value else { continue }
            func text(_ tag: Tag) -> String? { if case .textString(let value)? = fields.first(where: { $0.tag == tag })?.value { value } else { nil } }
            if credential.credentialType == .device {
                let parts = [Tag.deviceSerialNumber, .deviceIdentifier, .networkIdentifier, .machineIdentifier, .mediaIdentifier].map { text($0) ?? "" }
                return client + " device=" + parts.joined(separator: "/")
            }
            if let username = text(.username) { return client + " user=" + username }
        }
        return client
    }

    /// The Ticket of the first Ticket credential in `authentication`, if any.
    static func ticket(in authentication: Authentication?, version: KMIPVersion) throws(OperationError) -> Ticket? {
        for credential in authentication?.credentials ?? [] where credential.credentialType == .ticket {
            do {
                return try credential.ticket(version: version)
            } catch {
                throw OperationError(.invalidMessage, "unreadable Ticket credential: \(error)")
            }
        }
        return nil
    }

    /// Whether one of `rights` allows `batchItem`: its operation, on the object it names (or
    /// the ID Placeholder's), in the Object Groups that object is in.
    static func allowed(_ batchItem: RequestBatchItem, by rights: [Right], context: OperationContext) async -> Bool {
        let named = if case .textString(let value)? = (try? batchItem.payload.ttlv(.requestPayload, version: context.version))?[.uniqueIdentifier]?.value { value } else { String?.none }
        let identifier = named ?? context.idPlaceholder
        var groups: [String] = []
        if let identifier, rights.contains(where: { $0.objectGroups != nil }), let object = try? await context.store.object(identifier), object.owner == context.client {
            groups = object.attributes.all(.objectGroup).compactMap { if case .textString(let group) = $0.value { group } else { nil } }
        }
        return rights.contains { $0.allows(batchItem.operation, on: identifier, groups: groups) }
    }

    /// The protocol version in a message's header, read leniently.
    static func version(of item: TTLVItem) -> KMIPVersion? {
        guard let version = item[.requestHeader]?[.protocolVersion] else { return nil }
        return try? KMIPVersion(ttlv: version, version: .v1_0)
    }

    /// The one Unique Identifier an encoded response payload returns (for the ID Placeholder);
    /// nil when it returns none or several.
    static func identifier(in payload: TTLVItem) -> String? {
        guard case .structure(let fields) = payload.value else { return nil }
        let identifiers = fields.filter { $0.tag == .uniqueIdentifier }
        guard identifiers.count <= 1, case .textString(let identifier)? = (identifiers.first ?? payload[.privateKeyUniqueIdentifier])?.value else { return nil }
        return identifier
    }
}
