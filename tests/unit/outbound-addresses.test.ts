import assert from "node:assert/strict";
import { test } from "node:test";
import { addressRefusal, literalUrlProblem } from "../../server/outbound/address-refusal";
import { blockedAddressReason } from "../../server/outbound/blocked-address";
import { privateUrlAllowList } from "../../server/outbound/private-url-allow-list";

const none = privateUrlAllowList("");

test("loopback, private, link-local, CGNAT, multicast, unspecified and metadata addresses are refused, IPv4 and IPv6", () => {
  const refused: Record<string, RegExp> = {
    "127.0.0.1": /loopback/,
    "127.255.0.9": /loopback/,
    "10.1.2.3": /private/,
    "172.16.0.1": /private/,
    "172.31.255.255": /private/,
    "192.168.1.1": /private/,
    "169.254.169.254": /link-local.*metadata/,
    "100.64.0.1": /carrier-grade NAT/,
    "100.100.100.200": /carrier-grade NAT/, // Alibaba Cloud's metadata
    "168.63.129.16": /cloud metadata/,
    "224.0.0.1": /multicast/,
    "0.0.0.0": /unspecified/,
    "255.255.255.255": /broadcast/,
    "::1": /loopback/,
    "::": /unspecified/,
    "fe80::1": /link-local/,
    "fd00:ec2::254": /unique local/,
    "fc00::5": /unique local/,
    "ff02::1": /multicast/,
    "::ffff:127.0.0.1": /IPv4 127\.0\.0\.1 written as IPv6, a loopback/,
    "::ffff:7f00:1": /IPv4 127\.0\.0\.1 written as IPv6/,
    "::ffff:a9fe:a9fe": /IPv4 169\.254\.169\.254 written as IPv6, a link-local/,
    "::127.0.0.1": /IPv4 127\.0\.0\.1/,
    "64:ff9b::a00:1": /IPv4 10\.0\.0\.1 written as IPv6, a private/,
    "2002:c0a8:0101::1": /IPv4 192\.168\.1\.1 written as IPv6/,
  };
  for (const [address, why] of Object.entries(refused)) {
    assert.match(blockedAddressReason(address) ?? "(allowed)", why, address);
  }
});

test("public addresses pass, in either family and in the IPv6 spellings of a public IPv4", () => {
  for (const address of [
    "140.82.112.6",
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700::1111",
    "2a00:1450:4001::200e",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
  ]) {
    assert.equal(blockedAddressReason(address), null, address);
  }
});

test("a URL naming a private address in any spelling the URL standard reads is refused before any lookup", () => {
  for (const url of [
    "http://127.0.0.1:9/x",
    "http://0x7f.1/",
    "http://2130706433/",
    "http://017700000001/",
    "http://127.1/",
    "https://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://localhost:3000/",
    "http://LOCALHOST./",
    "http://api.localhost/",
  ]) {
    assert.match(literalUrlProblem(url, none) ?? "(allowed)", /Setpoint does not call .* unless SETPOINT_ALLOW_PRIVATE_URLS lists them/, url);
  }
  assert.match(literalUrlProblem("http://0x7f.1/", none) ?? "", /^127\.0\.0\.1, a loopback address/, "the address is named as the URL standard reads it");
  for (const url of ["https://hooks.slack.com/services/x", "https://api.github.com", "http://8.8.8.8/", "not a url"])
    assert.equal(literalUrlProblem(url, none), null, url);
});

test("SETPOINT_ALLOW_PRIVATE_URLS takes host names, addresses and CIDR blocks, and says which entry it cannot read", () => {
  const allow = privateUrlAllowList(" localhost, ghe.corp.example ,10.0.0.0/8, ::1, fd00::/8,192.168.1.7 ");
  assert.equal(literalUrlProblem("http://localhost:3000/", allow), null);
  assert.equal(addressRefusal("GHE.corp.example.", "172.16.0.4", allow), null, "a listed name is allowed wherever it resolves");
  assert.equal(addressRefusal("hooks.internal", "10.9.8.7", allow), null, "an address inside a listed block");
  assert.equal(addressRefusal("hooks.internal", "::ffff:10.9.8.7", allow), null, "also written as IPv6");
  assert.equal(addressRefusal("hooks.internal", "::1", allow), null);
  assert.equal(addressRefusal("hooks.internal", "fd12::1", allow), null);
  assert.equal(addressRefusal("hooks.internal", "192.168.1.7", allow), null);
  assert.match(addressRefusal("hooks.internal", "192.168.1.8", allow) ?? "", /^hooks\.internal resolves to 192\.168\.1\.8, a private address/);
  assert.match(addressRefusal("other.corp.example", "127.0.0.1", allow) ?? "", /loopback/, "names are matched exactly");
  for (const wrong of ["10.0.0.0/33", "http://x", "10.0.0.0/8/1", "fd00::/129", "a b"]) {
    assert.throws(
      () => privateUrlAllowList(wrong),
      (error: Error) => error.message.includes(`SETPOINT_ALLOW_PRIVATE_URLS: '${wrong}' is not a host name, an IP address or a CIDR block`),
      wrong,
    );
  }
});
