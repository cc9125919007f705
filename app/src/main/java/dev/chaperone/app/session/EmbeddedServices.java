package dev.chaperone.app.session;

import dev.chaperone.broker.embedded.EmbeddedBroker;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Task;
import dev.chaperone.demo.FinancePortal;
import dev.chaperone.demo.StatusSite;

import java.io.IOException;
import java.util.Set;

/**
 * What the embedded mode runs on loopback: the local broker, the demo finance portal, and a
 * second site the portal embeds (to show the token stays with the portal).
 */
public final class EmbeddedServices implements AutoCloseable {
    private final EmbeddedBroker broker;
    private final StatusSite statusSite;
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

    /** The demo task: read and export this month's invoices on the portal, nothing more. */
    public Task demoTask() {
        return new Task("invoice-review", "Review this month's invoices", Origin.parse(portal.audience()),
                portal.audience(), Set.of(FinancePortal.READ_SCOPE, FinancePortal.EXPORT_SCOPE));
    }

    @Override
    public void close() {
        portal.close();
        statusSite.close();
        broker.close();
    }
}
