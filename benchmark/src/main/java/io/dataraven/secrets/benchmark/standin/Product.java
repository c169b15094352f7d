package io.dataraven.secrets.benchmark.standin;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The sample's product: a bean Jackson fills from the request body. */
public final class Product {

    private String id;
    private String name;
    private BigDecimal price;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public BigDecimal getPrice() {
        return price;
    }

    public void setPrice(BigDecimal price) {
        this.price = price.setScale(2, RoundingMode.HALF_UP);
    }
}
