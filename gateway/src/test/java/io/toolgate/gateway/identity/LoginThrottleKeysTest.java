package io.toolgate.gateway.identity;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the login throttle counts attempts against: bounded username keys, IPv4 addresses, IPv6 /64 networks. */
class LoginThrottleKeysTest {

	@Test
	void groupsIpv6ClientsByTheirSlash64() throws Exception {
		String one = LoginThrottle.addressKey(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:aaaa::1"), 40000));
		String other = LoginThrottle.addressKey(new InetSocketAddress(InetAddress.getByName("2001:db8:1:2:ffff::9"), 40001));
		String elsewhere = LoginThrottle.addressKey(new InetSocketAddress(InetAddress.getByName("2001:db8:1:3::1"), 40000));
		assertThat(one).isEqualTo(other).isEqualTo("2001:db8:1:2:0:0:0:0/64");
		assertThat(elsewhere).isNotEqualTo(one);
	}

	@Test
	void keepsIpv4AddressesApart() throws Exception {
		assertThat(LoginThrottle.addressKey(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 1))).isEqualTo("192.0.2.7");
		assertThat(LoginThrottle.addressKey(new InetSocketAddress(InetAddress.getByName("192.0.2.8"), 1))).isEqualTo("192.0.2.8");
	}

	@Test
	void remembersOverlongUsernamesByTheirHashOnly() {
		assertThat(LoginThrottle.usernameKey("alice")).isEqualTo("alice");
		String huge = "x".repeat(100_000);
		assertThat(LoginThrottle.usernameKey(huge)).startsWith("sha256:").hasSizeLessThan(100)
			.isNotEqualTo(LoginThrottle.usernameKey(huge + "y"));
	}
}
