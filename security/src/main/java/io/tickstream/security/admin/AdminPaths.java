package io.tickstream.security.admin;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Which requests are admin requests: those whose first path segment is {@code admin}, compared the way
 * request mapping compares it (decoded, without {@code ;} parameters) and ignoring case and empty segments,
 * so {@code //admin/x}, {@code /admin;p/x}, {@code /%61dmin/x} or {@code /ADMIN/x} are admin requests too and
 * no spelling of a path reaches an admin handler unchecked.
 */
final class AdminPaths {

    private AdminPaths() {
    }

    static boolean isAdmin(ServerHttpRequest request) {
        for (PathContainer.Element element : request.getPath().pathWithinApplication().elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                String value = segment.valueToMatch();
                if (value.isEmpty()) {
                    continue;
                }
                return value.equalsIgnoreCase("admin");
            }
        }
        return false;
    }
}
