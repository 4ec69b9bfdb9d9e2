public import KMIP
public import KMIPTLS
public import KMIPSpec

/// What a handler knows about the request it serves.
public struct OperationContext: Sendable {
    /// The authenticated client identity (certificate common name or subject).
    public let client: String
    /// The protocol version of the request (and of the response).
    public let version: KMIPVersion
    /// The time of the request, for dates the server sets.
    public let now: DateTime
    public let store: any ObjectStore
    /// Multi-part runs kept between requests.
    public let streams: CryptoStreams
    /// The most identifiers one Locate returns.
    public let maxLocateItems: Int
    /// The tickets Login handed out.
    public let tickets: Tickets
    /// What the request's delegated ticket allows; nil when it carries none (the client may do
    /// whatever its identity may).
    public let rights: [Right]?
    /// The CA Certify and Re-certify sign with; nil when the server has none.
    public let certificateAuthority: Credentials?
    /// The Unique Identifier the last operation of this batch returned (KMIP's ID Placeholder).
    public var idPlaceholder: String?
    /// Limits the request ran into, for the server's log.
    public var notes: [String] = []

    public init(client: String, version: KMIPVersion, now: DateTime, store: any ObjectStore, streams: CryptoStreams = CryptoStreams(), maxLocateItems: Int = 100_000,
                tickets: Tickets = Tickets(), rights: [Right]? = nil, certificateAuthority: Credentials? = nil) {
        self.client = client
        self.version = version
        self.now = now
        self.store = store
        self.streams = streams
        self.maxLocateItems = maxLocateItems
        self.tickets = tickets
        self.rights = rights
        self.certificateAuthority = certificateAuthority
    }

    /// Why a key's state or dates forbid what was asked (using it outside its dates, changing a
    /// date that has passed, destroying it while Active): Wrong Key Lifecycle State in 2.1,
    /// Permission Denied before it, as the profile test cases record (CS-BC-M-14, CS-AC-M-8,
    /// SKLC-M-2 and -3, AKLC-M-2 and -3; see SPEC-NOTES).
    var lifecycleRefusal: ResultReason { version >= .v2_1 ? .wrongKeyLifecycleState : .permissionDenied }

    /// The identifier a request names, or the ID Placeholder when it names none.
    public func identifier(_ requested: String?) throws(OperationError) -> String {
        if let requested { return requested }
        guard let idPlaceholder else { throw OperationError.missing("Unique Identifier (no earlier operation in the batch set the ID Placeholder)") }
        return idPlaceholder
    }

    /// The object `identifier` names, if the client owns it, in the State its Activation and
    /// Deactivation Dates call for now (kept so).
    public func object(_ requested: String?) async throws -> StoredObject {
        let identifier = try identifier(requested)
        guard let object = try await store.object(identifier) else { throw OperationError.notFound(identifier) }
        guard object.owner == client else { throw OperationError(.permissionDenied, "object \(identifier) belongs to another client") }
        guard let moved = try object.movedByDates(at: now) else { return object }
        try await store.update(moved)
        return moved
    }
}

/// An operation's implementation: a request payload in, a response payload out, or an
/// `OperationError`.
public typealias OperationHandler = @Sendable (any RequestPayload, inout OperationContext) async throws -> any ResponsePayload
