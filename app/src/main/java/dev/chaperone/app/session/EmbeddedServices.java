package dev.chaperone.app.session;

import com.nimbusds.jose.jwk.ECKey;
import dev.chaperone.broker.client.AssistantKeyStore;
import dev.chaperone.broker.client.BrokerSettings;
import dev.chaperone.broker.embedded.EmbeddedBroker;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.TaskTarget;
import dev.chaperone.demo.FinancePortal;
import dev.chaperone.demo.StatusSite;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the embedded mode runs on loopback: the local broker, the demo finance portal, and a
 * second site the portal embeds (to show the token stays with the portal). Its catalogue has one
 * task target, the portal; the human is the OS user, whom the local broker trusts.
 */
public final class EmbeddedServices implements AutoCloseable {
    private final EmbeddedBroker broker;
    private final StatusSite statusSite;
    private final List<Origin> extraSites = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final FinancePortal portal;

    private EmbeddedServices(EmbeddedBroker broker, StatusSite statusSite, FinancePortal portal) {
        this.broker = broker;
        this.statusSite = statusSite;
        this.portal = portal;
    }

    public static EmbeddedServices start() throws IOException {
        EmbeddedBroker broker = EmbeddedBroker.start(0);
        StatusSite status = StatusSite.start(0);
        FinancePortal portal = FinancePortal.start(0, broker.issuer(), broker.jwksUri(), status.origin());
        return new EmbeddedServices(broker, status, portal);
    }

    public EmbeddedBroker broker() {
        return broker;
    }

    public FinancePortal portal() {
        return portal;
    }

    public StatusSite statusSite() {
        return statusSite;
    }

    /**
     * A further read-only site for the demo target, for a benchmark that needs a site of its own
     * (the demo only: a configured target's sites are IT's to list).
     */
    public void addReadOnlySite(Origin origin) {
        extraSites.add(origin);
    }

    /** The embedded catalogue: the demo portal, read, export and write; the status site its pages embed is a read-only helper. */
    public List<TaskTarget> catalogue() {
        List<Origin> origins = new java.util.ArrayList<>(List.of(Origin.parse(portal.audience()),
                Origin.parse(statusSite.origin().toString())));
        origins.addAll(extraSites);
        return List.of(new TaskTarget("finance-portal", "Finance Portal", origins,
                portal.audience(), Optional.empty(), Set.of(FinancePortal.READ_SCOPE), Set.of(FinancePortal.EXPORT_SCOPE, FinancePortal.WRITE_SCOPE),
                "confidential"));
    }

    /** The demo session: the OS user, the assistant registered with its key, this month's invoices. */
    public SessionPlan plan(ECKey assistantKey) {
        String clientId = AssistantKeyStore.clientIdFor(assistantKey);
        TaskTarget target = catalogue().get(0);
        var task = target.task("invoice-review", "Review this month's invoices", target.writeScopes());
        broker.registerAssistant(clientId, assistantKey, Set.of(target.audience()), task.scopes(), task.writeScopes());
        String user = System.getProperty("user.name");
        return new SessionPlan(new Human(user, user, LocalGroups.ofThisUser()), new AssistantIdentity(clientId, "Assistant"), assistantKey,
                BrokerSettings.of(broker.issuer()), () -> broker.signInLocalUser(user, user), task);
    }

    @Override
    public void close() {
        portal.close();
        statusSite.close();
        broker.close();
    }
}
