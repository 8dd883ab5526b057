package org.symple.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class JmxRegistrationTest {

    @Test
    void theNameCarriesTheContextPathAndTheRootIsASlash() throws Exception {
        assertEquals(new ObjectName("org.symple:type=Server,name=/chat"), JmxRegistration.objectName("/chat"));
        assertEquals(new ObjectName("org.symple:type=Server,name=/"), JmxRegistration.objectName(""));
        assertEquals(new ObjectName("org.symple:type=Server,name=/"), JmxRegistration.objectName(null));
    }

    @Test
    void pathsWithCharactersObjectNamesReserveAreQuoted() throws Exception {
        ObjectName name = JmxRegistration.objectName("/a,b=c");
        assertEquals("/a,b=c", ObjectName.unquote(name.getKeyProperty("name")));
    }
}
