package dev.heliograph.live.bench.peer;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.context.ApplicationContext;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/**
 * The STOMP peer's {@code POST /api/live/publish}, so the fan-out harness publishes to it as to
 * every other server: reads {@code {"channel":"<name>","data":<json>}} ({@link PeerPublish}) and
 * sends the data bytes as they are, content type {@code application/json}, to
 * {@code /topic/<name without org>} through Spring's broker messaging template, the way an
 * application pushes to STOMP subscribers from outside a STOMP session. Every subscriber then
 * receives a {@code MESSAGE} whose body is that JSON.
 *
 * <p>The broker channel has no executor, so the simple broker runs on the request thread: it
 * copies the message for each subscriber of the destination and queues the copies on
 * {@code clientOutboundChannel}, whose pool encodes and writes them. The servlet answers
 * {@code {}} once they are queued, not written.
 *
 * <p>Runs on Jetty's request threads; the template is looked up once in {@link #init}, which
 * Jetty calls after the dispatcher servlet (lower init order) has refreshed the Spring context.
 */
final class StompPublishServlet extends HttpServlet {
    private final ApplicationContext spring;
    private SimpMessagingTemplate template;

    StompPublishServlet(ApplicationContext spring) {
        this.spring = spring;
    }

    @Override
    public void init() throws ServletException {
        template = spring.getBean(SimpMessagingTemplate.class);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PeerPublish publish = PeerPublish.read(request, response);
        if (publish == null) {
            return;
        }
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
        headers.setLeaveMutable(true);
        template.send(destination(publish.channel()),
                MessageBuilder.createMessage(publish.data().getBytes(StandardCharsets.UTF_8), headers.getMessageHeaders()));
        response.setContentType("application/json");
        response.getWriter().write("{}");
    }

    /** {@code grafana/broadcast/x} (or {@code 1/grafana/broadcast/x}) becomes {@code /topic/grafana/broadcast/x}. */
    static String destination(String channel) {
        return "/topic/" + PeerPublish.withoutOrg(channel);
    }
}
