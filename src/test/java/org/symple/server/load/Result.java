package org.symple.server.load;

import java.util.LinkedHashMap;
import java.util.Map;

/** What one scenario measured on one server and endpoint: named figures, integrity counts and whether it finished. */
final class Result {

    final String server;
    final String scenario;
    final String endpoint;
    /** Which generator drove it: java or node. */
    final String generator;
    final Map<String, Double> figures = new LinkedHashMap<>();
    long lost;
    long duplicates;
    long outOfOrder;
    boolean complete = true;
    String note = "";

    Result(String server, String scenario, String endpoint, String generator) {
        this.server = server;
        this.scenario = scenario;
        this.endpoint = endpoint;
        this.generator = generator;
    }

    Result put(String name, double value) {
        figures.put(name, value);
        return this;
    }

    double get(String name) {
        return figures.getOrDefault(name, Double.NaN);
    }

    /** The figure a WAR/ceiling ratio compares: resident memory per idle connection, else server CPU per operation. */
    double costPerOp() {
        return figures.containsKey("rssPerConnKB") ? get("rssPerConnKB") : get("serverCpuPerOpUs");
    }

    boolean clean() {
        return complete && lost == 0 && duplicates == 0 && outOfOrder == 0;
    }
}
